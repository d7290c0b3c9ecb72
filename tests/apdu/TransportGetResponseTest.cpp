// Transport::transmit against a scripted card: GET RESPONSE on 61xx (data concatenated, on the command's
// logical channel), one re-send on 6Cxx, T=0 case 4 without Le, and the guards against a card that never
// stops announcing data.
#include <gtest/gtest.h>

#include "ScriptedCard.h"
#include "TestPattern.h"
#include "ias/apdu/InProcessTransport.h"

namespace ias {
namespace {

using test::pattern;
using test::ScriptedCard;

CommandApdu internalAuthenticate() {
    return CommandApdu(0x00, 0x88, 0x00, 0x00, view(fromHex("AABBCC")), 256);
}

TEST(TransportGetResponseTest, FollowsSixtyOneWithGetResponse) {
    ScriptedCard card;
    card.expect("0088000003AABBCC00", "6108").expect("00C0000008", "0102030405060708 9000");
    InProcessTransport t(card);
    const ResponseApdu r = t.transmit(internalAuthenticate());
    EXPECT_EQ(toHex(view(r.data())), "0102030405060708");
    EXPECT_EQ(r.sw(), sw::Ok);
    EXPECT_TRUE(card.done());
}

TEST(TransportGetResponseTest, ConcatenatesDataOfEveryRound) {
    ScriptedCard card;
    card.expect("00B0000000", "AABB 6102").expect("00C0000002", "CCDD 6101").expect("00C0000001", "EE 9000");
    InProcessTransport t(card);
    const ResponseApdu r = t.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 256));
    EXPECT_EQ(toHex(view(r.data())), "AABBCCDDEE");
    EXPECT_EQ(r.sw(), sw::Ok);
    EXPECT_TRUE(card.done());
}

TEST(TransportGetResponseTest, SixtyOneZeroAsksForTwoHundredFiftySix) {
    ScriptedCard card;
    const std::string chunk = toHex(view(pattern(256)));
    card.expect("0084000008", "6100").expect("00C0000000", chunk + "9000");
    InProcessTransport t(card);
    const ResponseApdu r = t.transmit(CommandApdu(0x00, 0x84, 0x00, 0x00, ByteView{}, 8));
    EXPECT_EQ(r.data(), pattern(256));
}

TEST(TransportGetResponseTest, KeepsTheFinalStatusOfTheLastRound) {
    ScriptedCard card;
    card.expect("00B0000000", "6104").expect("00C0000004", "01020304 6282");
    InProcessTransport t(card);
    const ResponseApdu r = t.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 256));
    EXPECT_EQ(toHex(view(r.data())), "01020304");
    EXPECT_EQ(r.sw(), sw::EndOfFile);
}

TEST(TransportGetResponseTest, GetResponseGoesOnTheCommandsChannelWithoutSmOrChaining) {
    // ISO 7816-4 5.4.1: first interindustry class, channel in b2 b1; further class, channel 4 + b4..b1.
    const std::pair<std::uint8_t, const char*> cases[] = {
        {0x00, "00"}, {0x01, "01"}, {0x03, "03"}, {0x0C, "00"}, {0x0D, "01"}, {0x13, "03"}, {0x1F, "03"},
        {0x40, "40"}, {0x41, "41"}, {0x4F, "4F"}, {0x61, "41"}, {0x7F, "4F"}, {0x80, "00"}, {0x84, "00"},
    };
    for (const auto& [cla, grCla] : cases) {
        SCOPED_TRACE(static_cast<int>(cla));
        ScriptedCard card;
        const std::uint8_t b = cla;
        card.expect(toHex(ByteView(&b, 1)) + "CA006600", "6102")
            .expect(std::string(grCla) + "C0000002", "AABB9000");
        InProcessTransport t(card);
        EXPECT_EQ(toHex(view(t.transmit(CommandApdu(cla, 0xCA, 0x00, 0x66, ByteView{}, 256)).data())),
                  "AABB");
        EXPECT_TRUE(card.done());
    }
}

TEST(TransportGetResponseTest, SixtyCResendsOnceWithTheAnnouncedLe) {
    ScriptedCard card;
    const std::string data = toHex(view(pattern(16)));
    card.expect("00B0000000", "6C10").expect("00B0000010", data + "9000");
    InProcessTransport t(card);
    const ResponseApdu r = t.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 256));
    EXPECT_EQ(r.data(), pattern(16));
    EXPECT_EQ(r.sw(), sw::Ok);
}

TEST(TransportGetResponseTest, SixtyCTwiceIsReturnedNotLooped) {
    ScriptedCard card;
    card.expect("00B0000000", "6C10").expect("00B0000010", "6C08");
    InProcessTransport t(card);
    const ResponseApdu r = t.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 256));
    EXPECT_EQ(r.sw().value(), 0x6C08);
    EXPECT_EQ(card.received.size(), 2u);
}

TEST(TransportGetResponseTest, SixtyCZeroMeansLeTwoHundredFiftySix) {
    ScriptedCard card;
    card.expect("00B0000010", "6C00").expect("00B0000000", "AA9000");
    InProcessTransport t(card);
    EXPECT_EQ(toHex(view(t.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 16)).data())), "AA");
}

TEST(TransportGetResponseTest, SixtyCOnAGetResponseIsResentToo) {
    ScriptedCard card;
    card.expect("00B0000000", "6110")
        .expect("00C0000010", "6C08")
        .expect("00C0000008", "0102030405060708 9000");
    InProcessTransport t(card);
    const ResponseApdu r = t.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 256));
    EXPECT_EQ(toHex(view(r.data())), "0102030405060708");
    EXPECT_TRUE(card.done());
}

TEST(TransportGetResponseTest, TZeroCaseFourGoesWithoutLe) {
    ScriptedCard card;
    const std::string signature = toHex(view(pattern(128)));
    card.expect("0088000003AABBCC", "6180").expect("00C0000080", signature + "9000");
    InProcessTransport t(card, Protocol::T0);
    const ResponseApdu r = t.transmit(internalAuthenticate());
    EXPECT_EQ(r.data(), pattern(128));
    EXPECT_TRUE(card.done());
}

TEST(TransportGetResponseTest, TOneCaseFourKeepsLe) {
    ScriptedCard card;
    card.expect("0088000003AABBCC00", "01029000");
    InProcessTransport t(card, Protocol::T1);
    EXPECT_EQ(toHex(view(t.transmit(internalAuthenticate()).data())), "0102");
}

TEST(TransportGetResponseTest, TZeroLeavesOtherCasesAlone) {
    ScriptedCard card;
    card.expect("00B0000010", "9000")
        .expect("00A4000C023F00", "9000")
        .expect("00E40000", "9000")
        .expect("002A808600000201020101", "9000");  // extended case 4 is not a T=0 TPDU case
    InProcessTransport t(card, Protocol::T0);
    t.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 16));
    t.transmit(CommandApdu(0x00, 0xA4, 0x00, 0x0C, view(fromHex("3F00"))));
    t.transmit(CommandApdu(0x00, 0xE4, 0x00, 0x00));
    t.transmit(CommandApdu(0x00, 0x2A, 0x80, 0x86, view(fromHex("0102")), 257));
    EXPECT_TRUE(card.done());
}

// A card that announces more data forever.
class EndlessCard : public CardEndpoint {
public:
    explicit EndlessCard(std::size_t chunk) : chunk_(chunk) {}
    Bytes atr() const override { return fromHex("3B00"); }
    void reset() override {}
    Bytes process(ByteView) override {
        ++calls;
        Bytes answer = pattern(chunk_);
        answer.push_back(0x61);
        answer.push_back(static_cast<std::uint8_t>(chunk_));
        return answer;
    }
    int calls = 0;

private:
    std::size_t chunk_;
};

TEST(TransportGetResponseTest, EndlessSixtyOneWithoutDataStopsAfterTheRoundLimit) {
    EndlessCard card(0);
    InProcessTransport t(card);
    EXPECT_THROW(t.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 256)), TransportError);
    EXPECT_EQ(card.calls, Transport::kMaxGetResponseRounds + 1);
}

TEST(TransportGetResponseTest, EndlessSixtyOneWithDataStopsAtTheSizeLimit) {
    EndlessCard card(255);
    InProcessTransport t(card);
    EXPECT_THROW(t.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 256)), TransportError);
    // 65536 bytes fit in 257 answers of 255 bytes; the 258th crosses the limit.
    EXPECT_EQ(card.calls, 258);
}

// A card that answers exactly `total` bytes in 256-byte GET RESPONSE chunks.
class LongAnswerCard : public CardEndpoint {
public:
    explicit LongAnswerCard(std::size_t total) : left_(total) {}
    Bytes atr() const override { return fromHex("3B00"); }
    void reset() override {}
    Bytes process(ByteView command) override {
        if (command[1] != 0xC0) return fromHex("6100");
        const std::size_t n = std::min<std::size_t>(256, left_);
        left_ -= n;
        Bytes answer(n, 0x5A);
        const bool more = left_ > 0;
        answer.push_back(more ? 0x61 : 0x90);
        answer.push_back(more ? static_cast<std::uint8_t>(std::min<std::size_t>(left_, 256) & 0xFF) : 0x00);
        return answer;
    }

private:
    std::size_t left_;
};

TEST(TransportGetResponseTest, AcceptsAnswersUpToTheExtendedLengthMaximum) {
    LongAnswerCard card(65536);
    InProcessTransport t(card);
    EXPECT_EQ(t.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 65536)).data().size(), 65536u);
    LongAnswerCard tooLong(65537);
    InProcessTransport t2(tooLong);
    EXPECT_THROW(t2.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 65536)), TransportError);
}

TEST(TransportGetResponseTest, TracesEveryExchange) {
    ScriptedCard card;
    card.expect("0088000003AABBCC00", "6108").expect("00C0000008", "0102030405060708 9000");
    InProcessTransport t(card);
    std::vector<std::string> lines;
    t.setTrace([&](const std::string& line) { lines.push_back(line); });
    t.transmit(internalAuthenticate());
    const std::vector<std::string> expected = {"> 00 88 00 00 03 AABBCC 00", "< 6108", "> 00 C0 00 00 08",
                                               "< 0102030405060708 9000"};
    EXPECT_EQ(lines, expected);
}

}  // namespace
}  // namespace ias
