// The terminal's SM session against a scripted card that expects exactly the bytes python computed
// (vectors/make_vectors.py, vectors/make_session_vectors.py): the handshake, OpenSC-shaped commands,
// chaining, extended Le, and card answers that must be refused although some of them carry a valid MAC.
#include <gtest/gtest.h>

#include "ScriptedCard.h"
#include "ias/sm/SmSession.h"
#include "vectors/SmSessionVectors.h"
#include "vectors/SmVectors.h"

namespace ias::sm {
namespace {

using namespace sm_vectors;
using namespace sm_session_vectors;
using testing::expectSmError;
using testing::ScriptedCard;

std::string str(std::string_view s) {
    return std::string(s);
}
std::string lcOf(std::string_view body) {
    return toHex(Bytes{static_cast<std::uint8_t>(body.size() / 2)});
}
const Bytes kPin = fromHex("31323334FFFFFFFF");

class SmSessionKnownAnswer : public ::testing::Test {
protected:
    ScriptedCard card;
    InProcessTransport transport{card};

    // Scripts the python handshake (keyset 02) and opens the session with the python randoms.
    SmSession openKat(KdfHash kdf = KdfHash::Sha1) {
        const std::string algorithm = kdf == KdfHash::Sha1 ? "0C" : "8C";
        card.expect("0022C1A4068001" + algorithm + "830102", "9000");
        card.expect("0084000008", str(kMaRndIcc) + "9000");
        card.expect("0082000048" + str(kMaCommand) + "48", str(kMaResponse) + "9000");
        Bytes randoms = fromHex(kMaRndIfd);
        append(randoms, fromHex(kMaKIfd));
        SmSession s = SmSession::open(transport, testing::keysetOf("RW_PRIV_ENC_TEST", "RW_PRIV_MAC_TEST"),
                                      fromHex(kMaSnIfd), snIccFromSerial(fromHex(kMaSerial)), kdf, 0x02,
                                      algorithm == "0C" ? 0x0C : 0x8C, testing::replay(std::move(randoms)));
        EXPECT_TRUE(card.finished());
        return s;
    }
    CommandApdu verify() const { return CommandApdu(0x00, 0x20, 0x00, 0x01, view(kPin)); }
    std::string verifyWrapped() const { return str(kCmd1Header) + lcOf(kCmd1Body) + str(kCmd1Body) + "0E"; }
};

TEST_F(SmSessionKnownAnswer, SnIccIsTheLastEightSerialBytesOrZeroPadded) {
    EXPECT_EQ(toHex(snIccFromSerial(fromHex(kMaSerial))), kMaSnIcc);
    EXPECT_EQ(toHex(snIccFromSerial(fromHex("A1B2C3"))), "0000000000A1B2C3");
}

TEST_F(SmSessionKnownAnswer, HandshakeSendsExactlyThePythonBytes) {
    SmSession s = openKat();
    EXPECT_TRUE(s.isOpen());
    EXPECT_EQ(card.commandsReceived(), 3u);
}

TEST_F(SmSessionKnownAnswer, WrapsVerifyPutDataAndDeleteAsOpenScDoes) {
    SmSession s = openKat();
    card.expect(verifyWrapped(), str(kRsp1) + "9000");
    ResponseApdu r = s.transmit(verify());
    EXPECT_EQ(r.sw(), sw::Ok);
    EXPECT_TRUE(r.data().empty());

    // Odd INS: DO85 without the 01 indicator; the python answer carries 21 data bytes.
    card.expect(str(kCmd2Header) + lcOf(kCmd2Body) + str(kCmd2Body) + "0E", str(kRsp2) + "9000");
    r = s.transmit(CommandApdu(0x00, 0xDB, 0x3F, 0xFF, fromHex(kCmd2Plain)));
    EXPECT_EQ(r.sw(), sw::Ok);
    EXPECT_EQ(toHex(r.data()), kRsp2Plain);

    // No data: DO87 holds the padding block alone. The card's plain error comes back as it is.
    card.expect(str(kCmd3Header) + lcOf(kCmd3Body) + str(kCmd3Body) + "0E", "6A82");
    r = s.transmit(CommandApdu(0x00, 0xE4, 0x00, 0x00));
    EXPECT_EQ(r.sw(), sw::FileNotFound);
    EXPECT_TRUE(s.isOpen());
    EXPECT_TRUE(card.finished());
}

TEST_F(SmSessionKnownAnswer, Sha256SessionUsesAlgorithm8CAndItsKeys) {
    SmSession s = openKat(KdfHash::Sha256);
    card.expect(str(kS256Verify), str(kS256VerifyOk));
    EXPECT_EQ(s.transmit(verify()).sw(), sw::Ok);
    EXPECT_TRUE(card.finished());
}

TEST_F(SmSessionKnownAnswer, ChainsThreeHundredBytesAndReadsThemBackWithExtendedLe) {
    SmSession s = openKat();
    card.expect(str(kChainPart1), str(kChainPart1Ok));
    card.expect(str(kChainPart2), str(kChainPart2Ok));
    EXPECT_EQ(s.transmit(CommandApdu(0x00, 0xD6, 0x00, 0x00, fromHex(kBigData))).sw(), sw::Ok);

    card.expect(str(kReadBig), str(kReadBigAnswer));
    const ResponseApdu r = s.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 300));
    EXPECT_EQ(r.sw(), sw::Ok);
    EXPECT_EQ(toHex(r.data()), kBigData);
    EXPECT_TRUE(card.finished());
}

TEST_F(SmSessionKnownAnswer, ChainStopsAtAPartTheCardRefuses) {
    SmSession s = openKat();
    card.expect(str(kChainPart1), "6A84");
    EXPECT_EQ(s.transmit(CommandApdu(0x00, 0xD6, 0x00, 0x00, fromHex(kBigData))).sw(), StatusWord(0x6A84));
    EXPECT_TRUE(card.finished());  // part 2 never went out
    EXPECT_TRUE(s.isOpen());
}

TEST_F(SmSessionKnownAnswer, StatusInsideAProtectedAnswerIsReturned) {
    SmSession s = openKat();
    card.expect(verifyWrapped(), str(kAnsWrapped6982));
    const ResponseApdu r = s.transmit(verify());
    EXPECT_EQ(r.sw(), sw::SecurityStatusNotSatisfied);
    EXPECT_TRUE(s.isOpen());
}

TEST_F(SmSessionKnownAnswer, WarningWithDataIsReturnedWithItsData) {
    SmSession s = openKat();
    card.expect(verifyWrapped(), str(kAnsWarning));
    const ResponseApdu r = s.transmit(verify());
    EXPECT_EQ(r.sw(), sw::EndOfFile);
    EXPECT_EQ(toHex(r.data()), kAnsWarningData);
}

struct BadAnswer {
    const char* name;
    std::string_view answer;
    SmFailureReason reason;
};
void PrintTo(const BadAnswer& b, std::ostream* os) {
    *os << b.name;
}

class SmSessionRefusesAnswer : public SmSessionKnownAnswer,
                               public ::testing::WithParamInterface<BadAnswer> {};

TEST_P(SmSessionRefusesAnswer, ClosesTheSessionAndSendsNothingMore) {
    SmSession s = openKat();
    card.expect(verifyWrapped(), str(GetParam().answer));
    expectSmError([&] { s.transmit(verify()); }, GetParam().reason);
    EXPECT_FALSE(s.isOpen());
    expectSmError([&] { s.transmit(verify()); }, SmFailureReason::SessionClosed);
    EXPECT_EQ(card.commandsReceived(), 4u);
}

INSTANTIATE_TEST_SUITE_P(
    PythonMadeAnswers, SmSessionRefusesAnswer,
    ::testing::Values(
        BadAnswer{"StaleSsc", kAnsStaleSsc, SmFailureReason::ResponseMacMismatch},
        BadAnswer{"OtherSessionKey", kAnsOtherKey, SmFailureReason::ResponseMacMismatch},
        BadAnswer{"BadPaddingUnderValidMac", kAnsBadPadding, SmFailureReason::MalformedResponse},
        BadAnswer{"Indicator02", kAnsBadIndicator, SmFailureReason::MalformedResponse},
        BadAnswer{"UnknownDo81", kAnsUnknownDo, SmFailureReason::MalformedResponse},
        BadAnswer{"MissingDo99", kAnsNoDo99, SmFailureReason::MalformedResponse},
        BadAnswer{"MissingDo8E", kAnsNoDo8e, SmFailureReason::MalformedResponse},
        BadAnswer{"OuterStatusDiffers", kAnsOuterMismatch, SmFailureReason::MalformedResponse},
        BadAnswer{"Plain9000", "9000", SmFailureReason::PlainSuccess},
        BadAnswer{"Plain6282", "6282", SmFailureReason::PlainSuccess},
        BadAnswer{"Plain6300", "6300", SmFailureReason::PlainSuccess},
        BadAnswer{"Plain6988", "6988", SmFailureReason::CardRejectedSm},
        BadAnswer{"Plain6987", "6987", SmFailureReason::CardRejectedSm},
        BadAnswer{"NotTlv", "99029000FF9000", SmFailureReason::MalformedResponse},
        BadAnswer{"TruncatedMac", "990290008E04934874E19000", SmFailureReason::MalformedResponse}),
    [](const ::testing::TestParamInfo<BadAnswer>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace ias::sm
