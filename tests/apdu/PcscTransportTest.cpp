// The PC/SC transport against a real pcscd with the virtual card. Runs only inside the test bed, which
// sets IAS_TESTBED_SOCKET to its private pcscd socket; everywhere else it is skipped.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <future>
#include <thread>

#include "ias/apdu/PcscTransport.h"

namespace ias {
namespace {

class PcscTransportTest : public ::testing::Test {
protected:
    void SetUp() override {
        const char* socket = std::getenv("IAS_TESTBED_SOCKET");
        if (socket == nullptr || *socket == '\0')
            GTEST_SKIP() << "IAS_TESTBED_SOCKET is not set (no test bed)";
        // pcsc-lite's client library reads its socket from this variable.
        ::setenv("PCSCLITE_CSOCK_NAME", socket, 1);
    }

    // The first reader with a card in it.
    static std::string readerWithCard(const PcscContext& ctx) {
        for (const std::string& r : ctx.listReaders())
            if (ctx.cardPresent(r)) return r;
        return {};
    }
};

const CommandApdu kSelectMf(0x00, 0xA4, 0x00, 0x0C, view(fromHex("3F00")));

TEST_F(PcscTransportTest, ListsReadersAndFindsTheCard) {
    const PcscContext ctx;
    const auto readers = ctx.listReaders();
    ASSERT_FALSE(readers.empty());
    for (const std::string& r : readers) EXPECT_FALSE(r.empty());
    EXPECT_FALSE(readerWithCard(ctx).empty()) << "no reader has a card";
}

TEST_F(PcscTransportTest, ConnectsReadsTheAtrAndSelectsTheMasterFile) {
    const PcscContext ctx;
    const std::string reader = readerWithCard(ctx);
    ASSERT_FALSE(reader.empty());
    PcscTransport t(ctx, reader);
    EXPECT_EQ(t.reader(), reader);
    EXPECT_FALSE(t.atr().empty());
    EXPECT_EQ(t.atr()[0] & 0xFE, 0x3A) << "an ATR starts with TS = 3B or 3F";
    EXPECT_EQ(toHex(kSelectMf.encode().view()), "00A4000C023F00");
    EXPECT_EQ(t.transmit(kSelectMf).sw(), sw::Ok);
}

TEST_F(PcscTransportTest, TransactionGuardHoldsOffASecondConnection) {
    // Nothing here races: the second thread is known to be running (its own PC/SC context made) before the
    // first transaction is judged, and it records when its transaction began; while the first transaction is
    // held that cannot have happened, however the threads are scheduled. (Its connection itself may already
    // wait: the constructor talks to the card.) The pause only gives a broken guard the chance to show; the
    // bounds are hang guards.
    const PcscContext ctx;
    const std::string reader = readerWithCard(ctx);
    ASSERT_FALSE(reader.empty());
    PcscTransport first(ctx, reader);
    std::promise<void> started;
    std::atomic<bool> secondInside{false};
    std::future<void> second;
    {
        Transaction guard(first);
        EXPECT_EQ(first.transmit(kSelectMf).sw(), sw::Ok);
        // Another connection (own context, as PC/SC wants per thread) must wait for the transaction.
        second = std::async(std::launch::async, [reader, &started, &secondInside] {
            const PcscContext otherCtx;
            started.set_value();
            PcscTransport other(otherCtx, reader);
            Transaction otherGuard(other);
            secondInside = true;
            EXPECT_EQ(other.transmit(kSelectMf).sw(), sw::Ok);
        });
        ASSERT_EQ(started.get_future().wait_for(std::chrono::seconds(60)), std::future_status::ready)
            << "the second thread never started";
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        EXPECT_FALSE(secondInside.load()) << "the second transaction did not wait";
        EXPECT_EQ(first.transmit(kSelectMf).sw(), sw::Ok);
        EXPECT_FALSE(secondInside.load()) << "the second transaction did not wait";
    }
    ASSERT_EQ(second.wait_for(std::chrono::seconds(60)), std::future_status::ready)
        << "the second transaction never started after the first ended";
    second.get();
    EXPECT_TRUE(secondInside.load());
}

TEST_F(PcscTransportTest, ReconnectWithResetKeepsTheCardUsable) {
    const PcscContext ctx;
    const std::string reader = readerWithCard(ctx);
    ASSERT_FALSE(reader.empty());
    PcscTransport t(ctx, reader);
    const Bytes atr = t.atr();
    t.reconnect(true);
    EXPECT_EQ(t.atr(), atr);
    EXPECT_EQ(t.transmit(kSelectMf).sw(), sw::Ok);
    t.reconnect(false);
    EXPECT_EQ(t.transmit(kSelectMf).sw(), sw::Ok);
}

TEST_F(PcscTransportTest, AResetByAnotherConnectionIsReportedAsCardReset) {
    const PcscContext ctx;
    const std::string reader = readerWithCard(ctx);
    ASSERT_FALSE(reader.empty());
    PcscTransport victim(ctx, reader);
    EXPECT_EQ(victim.transmit(kSelectMf).sw(), sw::Ok);
    {
        PcscTransport other(ctx, reader);
        other.reconnect(true);
    }
    EXPECT_THROW(victim.transmit(kSelectMf), CardResetError);
    victim.reconnect(false);
    EXPECT_EQ(victim.transmit(kSelectMf).sw(), sw::Ok);
}

TEST_F(PcscTransportTest, UnknownReaderIsUnavailable) {
    const PcscContext ctx;
    EXPECT_THROW(PcscTransport(ctx, "No Such Reader 99 00"), ReaderUnavailableError);
}

}  // namespace
}  // namespace ias
