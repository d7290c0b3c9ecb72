// The terminal's session against the virtual card's side of CWA 14890 (vcard::CardSmSession), written by
// another engineer from the same facts: both sides must agree on every byte they did not share.
#include <gtest/gtest.h>

#include "ScriptedCard.h"
#include "VirtualSmCard.h"
#include "ias/sm/SmSession.h"

namespace ias::sm {
namespace {

using testing::expectSmError;
using testing::VirtualSmCard;

const Bytes kSerial = fromHex("0102030405060708090A");
const Bytes kSnIfd = fromHex("1122334455667788");
const Bytes kPin = fromHex("31323334FFFFFFFF");

}  // namespace
void PrintTo(KdfHash h, std::ostream* os) {
    *os << (h == KdfHash::Sha1 ? "SHA-1" : "SHA-256");
}
namespace {

vcard::SmKeyset cardKeys(std::string_view enc, std::string_view mac) {
    return vcard::SmKeyset{SecureBuffer::copyOf(enc), SecureBuffer::copyOf(mac)};
}

class SmSessionWithVirtualCard : public ::testing::TestWithParam<KdfHash> {
protected:
    VirtualSmCard card{cardKeys("RW_PRIV_ENC_TEST", "RW_PRIV_MAC_TEST"), GetParam(), kSerial};
    InProcessTransport transport{card};

    SmSession open(const Keyset& keys = testing::keysetOf("RW_PRIV_ENC_TEST", "RW_PRIV_MAC_TEST")) {
        return SmSession::open(transport, keys, kSnIfd, snIccFromSerial(kSerial), GetParam(), 0x02,
                               GetParam() == KdfHash::Sha1 ? 0x0C : 0x8C);
    }
    static CommandApdu verify(ByteView pin = view(kPin)) { return CommandApdu(0x00, 0x20, 0x00, 0x01, pin); }
};

TEST_P(SmSessionWithVirtualCard, HandshakeAndVerify) {
    SmSession s = open();
    ResponseApdu r = s.transmit(verify());
    EXPECT_EQ(r.sw(), sw::Ok);
    EXPECT_TRUE(r.data().empty());
    EXPECT_EQ(card.protectedCommands, 1);
}

TEST_P(SmSessionWithVirtualCard, WrongPinComesBackPlainAndTheSessionGoesOn) {
    SmSession s = open();
    const ResponseApdu r = s.transmit(verify(view(fromHex("39393939FFFFFFFF"))));
    EXPECT_EQ(r.sw(), StatusWord(0x63, 0xC2));
    EXPECT_TRUE(s.isOpen());
    // Both SSCs stepped for the plain answer: the next protected pair still verifies.
    EXPECT_EQ(s.transmit(verify()).sw(), sw::Ok);
}

TEST_P(SmSessionWithVirtualCard, ThreeHundredBytesEachWay) {
    SmSession s = open();
    Bytes data(300);
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 13 + 5);
    EXPECT_EQ(s.transmit(CommandApdu(0x00, 0xD6, 0x00, 0x10, view(data))).sw(), sw::Ok);
    EXPECT_EQ(card.protectedCommands, 2);  // 0xE0 + 76 bytes, chained
    EXPECT_EQ(toHex(ByteView(card.file).subspan(0x10, 300)), toHex(data));

    // Extended Le: the whole protected answer in one go.
    ResponseApdu r = s.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x10, ByteView{}, 300));
    EXPECT_EQ(r.sw(), sw::Ok);
    EXPECT_EQ(toHex(r.data()), toHex(data));

    // Short Le 256: the protected answer (276 bytes) arrives through 61xx and GET RESPONSE.
    r = s.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x10, ByteView{}, 256));
    EXPECT_EQ(r.sw(), sw::Ok);
    EXPECT_EQ(toHex(r.data()), toHex(ByteView(data).first(256)));
}

TEST_P(SmSessionWithVirtualCard, OddInsTravelsInDo85) {
    SmSession s = open();
    const Bytes put = fromHex("7007BF8A0203A20100");
    EXPECT_EQ(s.transmit(CommandApdu(0x00, 0xDB, 0x3F, 0xFF, view(put))).sw(), sw::Ok);
    const ResponseApdu r = s.transmit(CommandApdu(0x00, 0xCA, 0x3F, 0xFF, ByteView{}, 256));
    EXPECT_EQ(toHex(r.data()), toHex(put));
}

TEST_P(SmSessionWithVirtualCard, DifferentStaticKeysFailMutualAuthentication) {
    const std::string what =
        expectSmError([&] { open(testing::keysetOf("RW_PUBL_ENC_TEST", "RW_PUBL_MAC_TEST")); },
                      SmFailureReason::AuthenticationFailed);
    EXPECT_NE(what.find("static keys"), std::string::npos) << what;
    EXPECT_NE(what.find("6300"), std::string::npos) << what;
    // Only the ENC key differs: the card's MAC check passes, its RND.ICC check does not.
    expectSmError([&] { open(testing::keysetOf("RW_PUBL_ENC_TEST", "RW_PRIV_MAC_TEST")); },
                  SmFailureReason::AuthenticationFailed);
}

TEST_P(SmSessionWithVirtualCard, EveryFlippedAnswerByteClosesTheSession) {
    // VERIFY's protected answer is 99 02 90 00 8E 08 MAC and the outer 9000: 16 bytes on the wire. A flipped
    // tag or length breaks the layout, a flipped value the MAC, a flipped outer status its match with DO99.
    const auto expected = [](std::size_t i) {
        const bool structure = i == 0 || i == 1 || i == 4 || i == 5 || i >= 14;
        return structure ? SmFailureReason::MalformedResponse : SmFailureReason::ResponseMacMismatch;
    };
    for (std::size_t i = 0; i < 16; ++i) {
        SmSession s = open();
        card.tamperAnswer = [i](Bytes& raw) { raw.at(i) ^= 0x01; };
        expectSmError([&] { s.transmit(verify()); }, expected(i));
        card.tamperAnswer = nullptr;
        EXPECT_FALSE(s.isOpen()) << "byte " << i;
        const int before = card.protectedCommands;
        expectSmError([&] { s.transmit(verify()); }, SmFailureReason::SessionClosed);
        EXPECT_EQ(card.protectedCommands, before) << "a closed session must not reach the card";
    }
}

TEST_P(SmSessionWithVirtualCard, FlippedByteInAnswerDataIsNeverReturned) {
    SmSession s = open();
    Bytes data(40, 0xA5);
    ASSERT_EQ(s.transmit(CommandApdu(0x00, 0xD6, 0x00, 0x00, view(data))).sw(), sw::Ok);
    card.tamperAnswer = [](Bytes& raw) { raw.at(10) ^= 0x80; };  // inside the DO87 cryptogram
    expectSmError([&] { s.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 40)); },
                  SmFailureReason::ResponseMacMismatch);
}

TEST_P(SmSessionWithVirtualCard, MissingDo8E) {
    SmSession s = open();
    card.tamperAnswer = [](Bytes& raw) { raw.erase(raw.end() - 12, raw.end() - 2); };
    const std::string what = expectSmError([&] { s.transmit(verify()); }, SmFailureReason::MalformedResponse);
    EXPECT_NE(what.find("DO8E"), std::string::npos) << what;
    EXPECT_FALSE(s.isOpen());
}

TEST_P(SmSessionWithVirtualCard, SscDesyncIsCaught) {
    SmSession s = open();
    ASSERT_EQ(s.transmit(verify()).sw(), sw::Ok);
    card.skipSscStep = true;
    expectSmError([&] { s.transmit(verify()); }, SmFailureReason::ResponseMacMismatch);
    EXPECT_FALSE(s.isOpen());
}

TEST_P(SmSessionWithVirtualCard, ReplayedAnswerIsCaught) {
    SmSession s = open();
    Bytes previous;
    card.tamperAnswer = [&previous](Bytes& raw) {
        if (previous.empty())
            previous = raw;
        else
            raw = previous;
    };
    ASSERT_EQ(s.transmit(verify()).sw(), sw::Ok);
    expectSmError([&] { s.transmit(verify()); }, SmFailureReason::ResponseMacMismatch);
}

TEST_P(SmSessionWithVirtualCard, CardThatRejectsATamperedCommandEndsTheSession) {
    SmSession s = open();
    card.tamperCommand = [](Bytes& raw) {
        if (raw.size() > 8 && (raw[0] & 0x0C)) raw[8] ^= 0x01;  // inside DO87's cryptogram
    };
    const std::string what = expectSmError([&] { s.transmit(verify()); }, SmFailureReason::CardRejectedSm);
    EXPECT_NE(what.find("6988"), std::string::npos) << what;
    EXPECT_FALSE(s.isOpen());
}

TEST_P(SmSessionWithVirtualCard, RemovedCardClosesTheSession) {
    SmSession s = open();
    transport.simulateRemoval();
    EXPECT_THROW(s.transmit(verify()), CardRemovedError);
    EXPECT_FALSE(s.isOpen());
}

TEST_P(SmSessionWithVirtualCard, CommandWithSmBitsIsRefusedBeforeTheCard) {
    SmSession s = open();
    EXPECT_THROW(s.transmit(CommandApdu(0x0C, 0x20, 0x00, 0x01, view(kPin))), std::invalid_argument);
    EXPECT_TRUE(s.isOpen());
    EXPECT_EQ(card.protectedCommands, 0);
    EXPECT_EQ(s.transmit(verify()).sw(), sw::Ok);
}

TEST_P(SmSessionWithVirtualCard, SmallerChunksChainMoreParts) {
    SmSession s = open();
    s.setMaxPlainChunk(16);
    Bytes data(40, 0x5A);
    EXPECT_EQ(s.transmit(CommandApdu(0x00, 0xD6, 0x00, 0x00, view(data))).sw(), sw::Ok);
    EXPECT_EQ(card.protectedCommands, 3);
    EXPECT_THROW(s.setMaxPlainChunk(7), std::invalid_argument);
}

TEST_P(SmSessionWithVirtualCard, MovedSessionKeepsWorking) {
    SmSession first = open();
    SmSession second = std::move(first);
    EXPECT_EQ(second.transmit(verify()).sw(), sw::Ok);
    second.close();
    expectSmError([&] { second.transmit(verify()); }, SmFailureReason::SessionClosed);
}

INSTANTIATE_TEST_SUITE_P(Kdf, SmSessionWithVirtualCard, ::testing::Values(KdfHash::Sha1, KdfHash::Sha256),
                         [](const ::testing::TestParamInfo<KdfHash>& info) {
                             return info.param == KdfHash::Sha1 ? std::string("Sha1") : std::string("Sha256");
                         });

}  // namespace
}  // namespace ias::sm
