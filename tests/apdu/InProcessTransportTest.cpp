// The in-process transport: bytes pass unchanged to the card endpoint; removal, reset and broken answers
// come back as the typed transport errors the PC/SC transport also uses.
#include <gtest/gtest.h>

#include "ScriptedCard.h"
#include "ias/apdu/InProcessTransport.h"

namespace ias {
namespace {

using test::ScriptedCard;

TEST(InProcessTransportTest, PassesEncodedBytesUnchanged) {
    ScriptedCard card;
    card.expect("00A4000C023F00", "9000");
    InProcessTransport t(card);
    const ResponseApdu r = t.transmitRaw(SecureBuffer::copyOf(view(fromHex("00A4000C023F00"))));
    EXPECT_EQ(r.sw(), sw::Ok);
    EXPECT_EQ(t.atr(), card.atr());
    EXPECT_EQ(t.protocol(), Protocol::T1);
}

TEST(InProcessTransportTest, RemovalThrowsUntilInsertion) {
    ScriptedCard card;
    card.expect("00A4000C023F00", "9000");
    InProcessTransport t(card);
    t.simulateRemoval();
    const CommandApdu select(0x00, 0xA4, 0x00, 0x0C, view(fromHex("3F00")));
    EXPECT_THROW(t.transmit(select), CardRemovedError);
    EXPECT_THROW(t.atr(), CardRemovedError);
    EXPECT_THROW(t.reconnect(true), CardRemovedError);
    EXPECT_TRUE(card.received.empty()) << "a removed card saw a command";
    t.simulateInsertion();
    EXPECT_EQ(t.transmit(select).sw(), sw::Ok);
}

TEST(InProcessTransportTest, RemovalIsATransportError) {
    ScriptedCard card;
    InProcessTransport t(card);
    t.simulateRemoval();
    EXPECT_THROW(t.transmit(CommandApdu(0x00, 0x84, 0x00, 0x00, ByteView{}, 8)), TransportError);
}

TEST(InProcessTransportTest, ReconnectResetsOnlyWhenAsked) {
    ScriptedCard card;
    InProcessTransport t(card);
    t.reconnect(false);
    EXPECT_EQ(card.resets, 0);
    t.reconnect(true);
    EXPECT_EQ(card.resets, 1);
}

TEST(InProcessTransportTest, AnAnswerWithoutStatusWordIsATransportError) {
    ScriptedCard card;
    card.expect("00B0000000", "90").expect("00B0000000", "");
    InProcessTransport t(card);
    EXPECT_THROW(t.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 256)), TransportError);
    EXPECT_THROW(t.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 256)), TransportError);
}

TEST(InProcessTransportTest, TransactionGuardIsUsable) {
    ScriptedCard card;
    card.expect("00B0000000", "9000");
    InProcessTransport t(card, Protocol::T0);
    {
        Transaction guard(t);
        EXPECT_EQ(t.transmit(CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, 256)).sw(), sw::Ok);
    }
    EXPECT_EQ(t.protocol(), Protocol::T0);
}

}  // namespace
}  // namespace ias
