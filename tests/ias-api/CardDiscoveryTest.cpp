// Identification and discovery of the personalised virtual card through ias::api::Card, certificate reads
// sized by the ASN.1 length, and the cache of public content (a second read costs no APDU).
#include <cmath>
#include <fstream>

#include "CardFixture.h"
#include "ias/api/Certificate.h"

namespace ias::api::test {
namespace {

class CardDiscovery : public CardTest {};

TEST_F(CardDiscovery, IdentityComesFromEfSnAndEfAtr) {
    auto card = openCard();
    const CardIdentity& id = card->identity();
    EXPECT_EQ(toHex(id.serial), "9000000012345678");
    EXPECT_EQ(toHex(id.atr), "3BDF18FF8191FE1FC30031B8640C01ECC173940180829000B3");
    EXPECT_EQ(toHex(id.preIssuing), "56431011");
    EXPECT_EQ(id.buffers.send, 255u);
    EXPECT_EQ(id.buffers.sendSm, 231u);
    EXPECT_EQ(id.buffers.receive, 256u);
    EXPECT_EQ(id.buffers.receiveSm, 231u);
    EXPECT_EQ(transport_->apdus, 2u);  // READ BINARY EF.SN and EF.ATR by SFI, nothing else
}

TEST_F(CardDiscovery, ApplicationModelsPinsKeysAndCertificates) {
    auto card = openCard();
    const Application& app = card->application();
    EXPECT_EQ(toHex(app.aid), "E828BD080FD2504543432D654944");
    EXPECT_EQ(app.tokenInfo.label, "IAS-ECC Test Card");

    ASSERT_EQ(app.pins.size(), 3u);
    const PinInfo* auth = app.findPin(kAuthPin);
    const PinInfo* sign = app.findPin(kSignPin);
    const PinInfo* puk = app.findPin(kPuk);
    ASSERT_TRUE(auth && sign && puk);
    EXPECT_EQ(auth->role, PinRole::Authentication);
    EXPECT_EQ(sign->role, PinRole::Signature);
    EXPECT_EQ(puk->role, PinRole::Unblocking);
    EXPECT_EQ(auth->reference, 0x01);
    EXPECT_FALSE(auth->local);
    EXPECT_EQ(sign->reference, 0x81);
    EXPECT_TRUE(sign->local);
    EXPECT_EQ(auth->unblockedBy, kPuk);
    EXPECT_EQ(sign->minLength, 6u);
    EXPECT_EQ(sign->maxLength, 8u);

    ASSERT_EQ(app.keys.size(), 2u);
    const KeyInfo* ak = app.findKey(kAuthKey);
    const KeyInfo* sk = app.findKey(kSignKey);
    ASSERT_TRUE(ak && sk);
    EXPECT_EQ(ak->pinAuthId, kAuthPin);
    EXPECT_FALSE(ak->alwaysAuthenticate);
    EXPECT_TRUE(ak->canDecipher);
    EXPECT_TRUE(ak->supports(SignMechanism::RsaPkcs1));
    EXPECT_TRUE(ak->supports(SignMechanism::RsaPkcs1Sha256));
    EXPECT_FALSE(ak->supports(SignMechanism::RsaPssSha256));
    EXPECT_EQ(toHex(ak->cardAlgorithms), "021A1242");  // PrKDF algRefs order
    EXPECT_EQ(sk->pinAuthId, kSignPin);
    EXPECT_TRUE(sk->alwaysAuthenticate);
    EXPECT_FALSE(sk->canDecipher);
    EXPECT_TRUE(sk->usage & key_usage::kNonRepudiation);
    EXPECT_EQ(sk->keyReference, 2);
    EXPECT_EQ(sk->bits, 2048u);
    EXPECT_TRUE(sk->hasCertificate && sk->hasPublicKeyObject);

    ASSERT_EQ(app.certificates.size(), 4u);
    int authorities = 0;
    for (const CertificateInfo& c : app.certificates) authorities += c.authority;
    EXPECT_EQ(authorities, 2);
}

TEST_F(CardDiscovery, CertificateIsThePersonalisedOneReadToItsLength) {
    auto card = openCard();
    card->application();
    transport_->resetCounters();
    const Bytes der = card->certificate(kSignKey);
    EXPECT_EQ(der, pkiFile("sign.der"));
    // SELECT + READ BINARY in 256-byte chunks (EF.ATR's receive size), the last one exactly the rest.
    const std::size_t reads = (der.size() + 255) / 256;
    EXPECT_EQ(transport_->apdus, 1 + reads);  // SELECT by path from the MF, then the reads
}

TEST_F(CardDiscovery, SecondReadCostsNoApdu) {
    auto card = openCard();
    const Bytes first = card->certificate(kAuthKey);
    transport_->resetCounters();
    EXPECT_EQ(card->certificate(kAuthKey), first);
    EXPECT_EQ(transport_->apdus, 0u);
    // A fresh Card in the same process with the same cache: only EF.SN to know which card it is.
    auto again = openCard();
    transport_->resetCounters();
    EXPECT_EQ(again->application().keys.size(), 2u);
    EXPECT_EQ(again->certificate(kAuthKey), first);
    EXPECT_EQ(transport_->apdus, 1u);
}

TEST_F(CardDiscovery, PublicKeyFromGetDataMatchesTheCertificate) {
    auto card = openCard();
    const PublicKey k = card->publicKey(kSignKey);
    const CertificateEssentials c = parseCertificate(card->certificate(kSignKey));
    EXPECT_EQ(k.modulus, c.rsaModulus);
    EXPECT_EQ(k.exponent, c.rsaPublicExponent);
    transport_->resetCounters();
    card->publicKey(kSignKey);
    EXPECT_EQ(transport_->apdus, 0u);
}

TEST_F(CardDiscovery, UnknownIdentifiersAreTypedErrors) {
    auto card = openCard();
    try {
        card->certificate(Bytes{0x77});
        FAIL();
    } catch (const ApiError& e) {
        EXPECT_EQ(e.kind(), ApiErrorKind::NotFound);
    }
    EXPECT_THROW(card->pinStatus(Bytes{0x77}), ApiError);
    EXPECT_THROW(card->publicKey(Bytes{0x77}), ApiError);
}

// The figures of docs/ias-api.md: every public object (PKCS#15 files, the 4 certificates, the public keys)
// read cold by a first Card and warm by a second Card of the same process.
TEST_F(CardDiscovery, FiguresColdAndWarm) {
    auto readAll = [&](Card& card) {
        const Application& app = card.application();
        for (const CertificateInfo& c : app.certificates) card.certificate(c.id);
        for (const KeyInfo& k : app.keys) card.publicKey(k.id);
    };
    transport_->resetCounters();
    if (std::getenv("IAS_API_TRACE"))
        transport_->setTrace([](const std::string& l) { std::printf("%s\n", l.c_str()); });
    auto cold = openCard();
    readAll(*cold);
    const auto coldApdus = transport_->apdus, coldBytes = transport_->bytesSent + transport_->bytesReceived;
    const auto coldReceived = transport_->bytesReceived;
    transport_->resetCounters();
    auto warm = openCard();
    readAll(*warm);
    const auto warmApdus = transport_->apdus, warmBytes = transport_->bytesSent + transport_->bytesReceived;
    std::printf("[figures] cold: %zu APDUs, %zu bytes (%zu received); warm: %zu APDUs, %zu bytes\n", coldApdus,
                coldBytes, coldReceived, warmApdus, warmBytes);
    RecordProperty("cold_apdus", static_cast<int>(coldApdus));
    RecordProperty("warm_apdus", static_cast<int>(warmApdus));
    EXPECT_LE(coldApdus, 46u);
    EXPECT_EQ(warmApdus, 1u);
}

class ExtendedCardDiscovery : public CardTest {
protected:
    std::string profile() const override { return "extended"; }
};

TEST_F(ExtendedCardDiscovery, EcKeyAndPssMechanisms) {
    auto card = openCard();
    const Application& app = card->application();
    ASSERT_EQ(app.keys.size(), 3u);
    const KeyInfo* ec = app.findKey(kEcKey);
    ASSERT_TRUE(ec);
    EXPECT_EQ(ec->type, KeyType::Ec);
    EXPECT_TRUE(ec->supports(SignMechanism::Ecdsa));
    EXPECT_TRUE(app.findKey(kAuthKey)->supports(SignMechanism::RsaPssSha256));
    EXPECT_TRUE(app.findKey(kSignKey)->supports(SignMechanism::RsaPssSha512));
    const PublicKey k = card->publicKey(kEcKey);  // from the certificate
    EXPECT_EQ(k.type, KeyType::Ec);
    EXPECT_EQ(k.ecPoint.size(), 65u);
}

}  // namespace
}  // namespace ias::api::test
