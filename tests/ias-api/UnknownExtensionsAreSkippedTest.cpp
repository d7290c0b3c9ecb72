// PKCS#15 asks readers to skip what they do not know: optional components, extensions after "...", and
// CHOICE alternatives the card model does not use. The *_extensions.bin samples carry all of those.
#include <gtest/gtest.h>

#include "TestData.h"
#include "ias/api/Aodf.h"
#include "ias/api/Cdf.h"
#include "ias/api/Odf.h"
#include "ias/api/Prkdf.h"
#include "ias/api/TokenInfo.h"

namespace ias::api {
namespace {

using test::sample;

TEST(UnknownExtensionsAreSkipped, AodfKeepsOnlyThePinAndItsKnownFields) {
    const auto pins = parseAodf(sample("aodf_extensions.bin"));  // biometric [0] and authKey [1] skipped
    ASSERT_EQ(pins.size(), 1u);
    const PinObject& pin = pins[0];
    EXPECT_EQ(pin.common.label, "PIN with extensions");
    EXPECT_EQ(pin.common.flags, object_flags::kPrivate);
    EXPECT_EQ(toHex(pin.common.authId), "03");
    EXPECT_EQ(pin.common.userConsent, 1u);
    EXPECT_EQ(toHex(pin.authId), "01");
    EXPECT_EQ(pin.pinFlags, pin_flags::kInitialized);
    EXPECT_EQ(pin.type, PinType::Utf8);
    EXPECT_EQ(pin.minLength, 4u);
    EXPECT_EQ(pin.storedLength, 12u);
    EXPECT_FALSE(pin.maxLength.has_value());
    EXPECT_EQ(pin.reference, 0u);  // DEFAULT 0
    EXPECT_FALSE(pin.padChar.has_value());
}

TEST(UnknownExtensionsAreSkipped, PrkdfSkipsGostAndReadsOptionalKeyFields) {
    const auto keys = parsePrkdf(sample("prkdf_extensions.bin"));
    ASSERT_EQ(keys.size(), 1u);
    const PrivateKeyObject& key = keys[0];
    EXPECT_EQ(key.common.label, "Key with extensions");
    EXPECT_EQ(toHex(key.key.id), "41");
    EXPECT_FALSE(key.key.native);
    EXPECT_EQ(key.key.accessFlags, key_access::kSensitive);
    EXPECT_EQ(key.key.keyReference, 0x84u);  // written as a negative byte, as OpenSC <= 0.11.4 did
    EXPECT_EQ(key.key.algRefs, (std::vector<std::uint32_t>{7}));
    EXPECT_EQ(toHex(key.path.value), "3F0050004401");
    EXPECT_EQ(key.modulusBits, 1024u);
}

TEST(UnknownExtensionsAreSkipped, TokenInfoWithoutSerialWithExplicitLabelAndVendorMechanism) {
    const TokenInfo ti = parseTokenInfo(sample("tokeninfo_extensions.bin"));
    EXPECT_EQ(ti.version, 1u);
    EXPECT_TRUE(ti.serialNumber.empty());
    EXPECT_EQ(ti.manufacturerId, "Maker");
    EXPECT_EQ(ti.label, "Explicit label");
    EXPECT_EQ(ti.flags, 0u);
    ASSERT_EQ(ti.supportedAlgorithms.size(), 1u);
    EXPECT_EQ(ti.supportedAlgorithms[0].mechanism, 0x80000001u);
    EXPECT_EQ(toHex(ti.supportedAlgorithms[0].parameters), "3000");
    EXPECT_TRUE(ti.supportedAlgorithms[0].objectId.empty());
    EXPECT_FALSE(ti.supportedAlgorithms[0].algRef.has_value());
}

TEST(UnknownExtensionsAreSkipped, OdfSkipsDirectObjectsAndUnknownKinds) {
    const Odf odf = parseOdf(sample("odf_extensions.bin"));
    EXPECT_TRUE(odf.privateKeys.empty());
    ASSERT_EQ(odf.certificates.size(), 1u);
    EXPECT_EQ(toHex(odf.certificates[0].value), "3F0050007005");
    EXPECT_EQ(odf.certificates[0].index, 4u);
    EXPECT_EQ(odf.certificates[0].length, 100u);
    ASSERT_EQ(odf.authObjects.size(), 1u);
}

TEST(UnknownExtensionsAreSkipped, CdfSkipsAttributeCertificates) {
    const auto certs = parseCdf(sample("cdf_extensions.bin"));
    ASSERT_EQ(certs.size(), 1u);
    EXPECT_EQ(certs[0].common.label, "CA with attributes");
    EXPECT_EQ(certs[0].common.flags, object_flags::kModifiable);
    EXPECT_TRUE(certs[0].authority);
    EXPECT_EQ(toHex(certs[0].path.value), "B0A0");
}

TEST(UnknownExtensionsAreSkipped, FillingAfterTheContentIsAccepted) {
    for (std::uint8_t fill : {0x00, 0xFF}) {
        Bytes file = sample("prkdf.bin");
        file.insert(file.end(), 100, fill);
        EXPECT_EQ(parsePrkdf(file).size(), 3u);
        Bytes ti = sample("tokeninfo.bin");
        ti.insert(ti.end(), 7, fill);
        EXPECT_EQ(parseTokenInfo(ti).label, "Test IAS-ECC card");
    }
    EXPECT_TRUE(parseAodf(Bytes(50, 0xFF)).empty());  // a freshly created, empty directory file
}

}  // namespace
}  // namespace ias::api
