// The test-only state lines of ias-pin-change (--status-fd): the format the GUI test waits for.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "StatusReport.h"

using namespace ias;
using namespace ias::pinchange;

namespace {

// Runs `write` against a StatusReport on a pipe and returns what came out.
template <typename F>
std::string linesOf(F write) {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    write(StatusReport(fds[1]));
    ::close(fds[1]);
    std::string out;
    char buf[256];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    return out;
}

}  // namespace

TEST(StatusReport, TheSnapshotNamesThePresenceAndTheReader) {
    CardSnapshot s;
    s.presence = Presence::NoCard;
    s.reader = "Reader 00";
    EXPECT_EQ(linesOf([&](const StatusReport& r) { r.snapshot(s); }), "state no-card Reader 00\n");
}

TEST(StatusReport, APinLineHasItsTriesRulesAndPad) {
    PinChoice p;
    p.authId = {0x02};
    p.triesLeft = 3;
    p.minLength = 6;
    p.maxLength = 8;
    EXPECT_EQ(linesOf([&](const StatusReport& r) { r.selected(p); }),
              "pin 02 tries=3 blocked=0 rules=6-8 digits=1 pad=0\n");
    p.triesLeft.reset();
    p.blocked = true;
    EXPECT_EQ(linesOf([&](const StatusReport& r) { r.selected(p); }),
              "pin 02 tries=? blocked=1 rules=6-8 digits=1 pad=0\n");
}

TEST(StatusReport, AnOutcomeLine) {
    ChangeOutcome o;
    o.result = ChangeResult::WrongPin;
    o.triesLeft = 1;
    EXPECT_EQ(linesOf([&](const StatusReport& r) { r.outcome(o); }), "result wrong-pin tries=1\n");
}

TEST(StatusReport, TheUnblockLines) {
    PukChoice puk;
    puk.authId = {0x02};
    puk.minLength = puk.maxLength = 8;
    puk.triesLeft = 9;
    puk.onPinPad = true;
    EXPECT_EQ(linesOf([&](const StatusReport& r) { r.selectedPuk(puk); }),
              "puk 02 tries=9 blocked=0 rules=8-8 pad=1\n");
    EXPECT_EQ(linesOf([&](const StatusReport& r) { r.unblockMode(true); }), "unblock 1\n");
    ChangeOutcome o;
    o.result = ChangeResult::WrongPuk;
    o.triesLeft = 9;
    EXPECT_EQ(linesOf([&](const StatusReport& r) { r.outcome(o); }), "result wrong-puk tries=9\n");
    o.result = ChangeResult::Unblocked;
    o.triesLeft = 3;
    EXPECT_EQ(linesOf([&](const StatusReport& r) { r.outcome(o); }), "result unblocked tries=3\n");
    o.result = ChangeResult::PukBlocked;
    o.triesLeft = 0;
    EXPECT_EQ(linesOf([&](const StatusReport& r) { r.outcome(o); }), "result puk-blocked tries=0\n");
}

TEST(StatusReport, WithoutADescriptorNothingIsWritten) {
    StatusReport quiet;
    quiet.changeEnabled(true);  // must not write anywhere (fd -1)
    SUCCEED();
}
