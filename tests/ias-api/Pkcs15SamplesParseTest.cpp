// The sample files hold the values written literally in make_pkcs15_samples.py; the parsers must find them.
#include <gtest/gtest.h>

#include "TestData.h"
#include "ias/api/Aodf.h"
#include "ias/api/Cdf.h"
#include "ias/api/EfDir.h"
#include "ias/api/Odf.h"
#include "ias/api/Prkdf.h"
#include "ias/api/Pukdf.h"
#include "ias/api/TokenInfo.h"

namespace ias::api {
namespace {

using test::sample;

TEST(Pkcs15SamplesParse, EfDirListsBothApplications) {
    const auto apps = parseEfDir(sample("ef_dir.bin"));
    ASSERT_EQ(apps.size(), 2u);
    EXPECT_EQ(toHex(apps[0].aid), "E828BD080FD2504543432D654944");
    EXPECT_EQ(apps[0].label, "ECC eID");
    EXPECT_EQ(toHex(apps[0].path), "3F005000");
    EXPECT_EQ(toHex(apps[1].aid), "E828BD080FD25047656E65726963");
    EXPECT_EQ(apps[1].label, "Generic");
    EXPECT_TRUE(apps[1].path.empty());
}

TEST(Pkcs15SamplesParse, DirRecordAlone) {
    const Bytes file = sample("ef_dir.bin");
    const auto rec = parseDirRecord(ByteView(file).first(file[1] + 2u));
    EXPECT_EQ(rec.label, "ECC eID");
    EXPECT_THROW(parseDirRecord(file), Pkcs15Error);  // two templates are not one record
}

TEST(Pkcs15SamplesParse, OdfNamesTheDirectoryFiles) {
    const Odf odf = parseOdf(sample("odf.bin"));
    ASSERT_EQ(odf.authObjects.size(), 1u);
    EXPECT_EQ(toHex(odf.authObjects[0].value), "7001");
    ASSERT_EQ(odf.privateKeys.size(), 1u);
    EXPECT_EQ(toHex(odf.privateKeys[0].value), "7002");
    ASSERT_EQ(odf.publicKeys.size(), 1u);
    EXPECT_EQ(toHex(odf.publicKeys[0].value), "7004");
    ASSERT_EQ(odf.certificates.size(), 1u);
    EXPECT_EQ(toHex(odf.certificates[0].value), "7005");
    ASSERT_EQ(odf.dataObjects.size(), 1u);
    EXPECT_EQ(toHex(odf.dataObjects[0].value), "7006");
    EXPECT_TRUE(odf.secretKeys.empty());
    EXPECT_TRUE(odf.trustedCertificates.empty());
    EXPECT_FALSE(odf.certificates[0].index.has_value());
}

TEST(Pkcs15SamplesParse, TokenInfoHasSerialLabelsFlagsAndAlgorithms) {
    const TokenInfo ti = parseTokenInfo(sample("tokeninfo.bin"));
    EXPECT_EQ(ti.version, 0u);
    EXPECT_EQ(toHex(ti.serialNumber), "0123456789ABCDEF");
    EXPECT_EQ(ti.manufacturerId, "IAS-ECC Test");
    EXPECT_EQ(ti.label, "Test IAS-ECC card");
    EXPECT_EQ(ti.flags, token_flags::kReadOnly | token_flags::kPrnGeneration);
    EXPECT_EQ(ti.issuerId, "Test Issuer");
    EXPECT_EQ(ti.preferredLanguage, "en");
    ASSERT_EQ(ti.supportedAlgorithms.size(), 5u);
    const AlgorithmInfo& sha1 = ti.supportedAlgorithms[0];
    EXPECT_EQ(sha1.reference, 1u);
    EXPECT_EQ(sha1.mechanism, 0x220u);
    EXPECT_EQ(toHex(sha1.parameters), "0500");
    EXPECT_EQ(sha1.operations, algorithm_operations::kHash);
    EXPECT_EQ(sha1.objectId, "1.3.14.3.2.26");
    EXPECT_EQ(sha1.algRef, 0x10u);
    const AlgorithmInfo& rsa = ti.supportedAlgorithms[2];
    EXPECT_EQ(rsa.mechanism, 0x1u);
    EXPECT_EQ(rsa.operations, algorithm_operations::kComputeSignature | algorithm_operations::kDecipher);
    EXPECT_EQ(rsa.objectId, "1.2.840.113549.1.1.1");
    EXPECT_EQ(rsa.algRef, 0x02u);
    EXPECT_EQ(ti.supportedAlgorithms[3].algRef, 0x42u);
    EXPECT_EQ(ti.supportedAlgorithms[1].objectId, "2.16.840.1.101.3.4.2.1");
    const AlgorithmInfo& ecdsa = ti.supportedAlgorithms[4];
    EXPECT_EQ(ecdsa.mechanism, 0x1041u);
    EXPECT_EQ(toHex(ecdsa.parameters), "06082A8648CE3D030107");  // prime256v1
    EXPECT_EQ(ecdsa.algRef, 0x80u);
}

TEST(Pkcs15SamplesParse, AodfHasTheTwoPinsAndThePuk) {
    const auto pins = parseAodf(sample("aodf.bin"));
    ASSERT_EQ(pins.size(), 3u);
    const PinObject& global = pins[0];
    EXPECT_EQ(global.common.label, "PIN global");
    EXPECT_EQ(global.common.flags, object_flags::kPrivate | object_flags::kModifiable);
    EXPECT_EQ(toHex(global.common.authId), "03");
    EXPECT_EQ(toHex(global.authId), "01");
    EXPECT_EQ(global.pinFlags, pin_flags::kInitialized | pin_flags::kNeedsPadding);
    EXPECT_FALSE(global.local());
    EXPECT_EQ(global.type, PinType::AsciiNumeric);
    EXPECT_EQ(global.minLength, 4u);
    EXPECT_EQ(global.storedLength, 8u);
    EXPECT_EQ(global.maxLength, 8u);
    EXPECT_EQ(global.reference, 0x01u);
    EXPECT_EQ(global.padChar, 0xFF);
    EXPECT_EQ(toHex(global.path.value), "3F00");

    const PinObject& sig = pins[1];
    EXPECT_EQ(sig.common.label, "PIN signature");
    EXPECT_TRUE(sig.local());
    EXPECT_EQ(sig.reference, 0x81u);  // written as INTEGER 0x0081
    EXPECT_EQ(sig.minLength, 6u);
    EXPECT_TRUE(sig.path.empty());

    const PinObject& puk = pins[2];
    EXPECT_TRUE(puk.unblockingPin());
    EXPECT_TRUE(puk.soPin());
    EXPECT_TRUE(puk.common.authId.empty());
    EXPECT_EQ(puk.pinFlags, pin_flags::kUnblockDisabled | pin_flags::kInitialized |
                                pin_flags::kUnblockingPin | pin_flags::kSoPin);
    EXPECT_EQ(puk.reference, 0x03u);
}

TEST(Pkcs15SamplesParse, PrkdfHasRsaAndEcKeys) {
    const auto keys = parsePrkdf(sample("prkdf.bin"));
    ASSERT_EQ(keys.size(), 3u);
    const PrivateKeyObject& auth = keys[0];
    EXPECT_EQ(auth.common.label, "Authentication key");
    EXPECT_EQ(auth.common.flags, object_flags::kPrivate);
    EXPECT_EQ(toHex(auth.common.authId), "01");
    EXPECT_EQ(auth.type, KeyType::Rsa);
    EXPECT_EQ(toHex(auth.key.id), "11");
    EXPECT_EQ(auth.key.usage, key_usage::kDecrypt | key_usage::kSign);
    EXPECT_TRUE(auth.key.native);
    EXPECT_EQ(auth.key.accessFlags, key_access::kSensitive | key_access::kAlwaysSensitive |
                                        key_access::kNeverExtractable | key_access::kLocal);
    EXPECT_EQ(auth.key.keyReference, 0x01u);
    EXPECT_EQ(auth.key.algRefs, (std::vector<std::uint32_t>{3, 4}));
    EXPECT_TRUE(auth.path.empty());
    EXPECT_EQ(auth.modulusBits, 2048u);

    const PrivateKeyObject& sign = keys[1];
    EXPECT_EQ(sign.key.usage, key_usage::kNonRepudiation);
    EXPECT_EQ(toHex(sign.common.authId), "02");
    EXPECT_EQ(sign.modulusBits, 3072u);
    EXPECT_EQ(sign.key.keyReference, 0x02u);

    const PrivateKeyObject& ec = keys[2];
    EXPECT_EQ(ec.type, KeyType::Ec);
    EXPECT_EQ(ec.common.label, "EC authentication key");
    EXPECT_EQ(ec.fieldSizeBits, 256u);
    EXPECT_EQ(ec.modulusBits, 0u);
    EXPECT_EQ(ec.key.algRefs, (std::vector<std::uint32_t>{5}));
}

TEST(Pkcs15SamplesParse, PukdfHasSdoDirectAndPathKeys) {
    const auto keys = parsePukdf(sample("pukdf.bin"));
    ASSERT_EQ(keys.size(), 3u);
    EXPECT_EQ(keys[0].common.label, "Authentication public key");
    EXPECT_EQ(keys[0].key.usage, key_usage::kEncrypt | key_usage::kVerify);
    EXPECT_EQ(keys[0].key.accessFlags, 0u);
    EXPECT_TRUE(keys[0].path.empty());
    EXPECT_TRUE(keys[0].directValue.empty());
    EXPECT_EQ(keys[0].modulusBits, 2048u);

    // The direct value is the RSAPublicKey of rsa_cert.der; its modulus is openssl's.
    const auto expected = test::expectations("rsa_cert.expected");
    const std::string direct = toHex(keys[1].directValue);
    EXPECT_EQ(direct.substr(0, 4), "3082");
    EXPECT_NE(direct.find(expected.at("modulus")), std::string::npos);
    EXPECT_EQ(direct.substr(direct.size() - 10), "0203010001");

    EXPECT_EQ(keys[2].type, KeyType::Ec);
    EXPECT_EQ(toHex(keys[2].path.value), "3F005000B003");
}

TEST(Pkcs15SamplesParse, CdfHasPathOffsetAndDirectCertificates) {
    const auto certs = parseCdf(sample("cdf.bin"));
    ASSERT_EQ(certs.size(), 3u);
    EXPECT_EQ(certs[0].common.label, "Authentication certificate");
    EXPECT_EQ(toHex(certs[0].id), "11");
    EXPECT_FALSE(certs[0].authority);
    EXPECT_EQ(toHex(certs[0].path.value), "B001");
    EXPECT_FALSE(certs[0].path.index.has_value());

    EXPECT_EQ(toHex(certs[1].path.value), "B002");
    EXPECT_EQ(certs[1].path.index, 0u);
    EXPECT_EQ(certs[1].path.length, 1234u);

    EXPECT_TRUE(certs[2].authority);
    EXPECT_TRUE(certs[2].path.empty());
    EXPECT_EQ(certs[2].directValue, sample("ca_cert.der"));
}

}  // namespace
}  // namespace ias::api
