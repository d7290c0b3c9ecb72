// The module's log on stderr: plain lines at the default level; at debug level each line says when (ms since
// the module was loaded) and on which thread.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>

#include "ModuleLog.h"

namespace ias::p11 {
namespace {

// Runs `write` with stderr going to a pipe; what it wrote.
template <class F>
std::string stderrOf(F write) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe");
    const int saved = ::dup(STDERR_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    ::close(fds[1]);
    write();
    ::dup2(saved, STDERR_FILENO);
    ::close(saved);
    std::string out;
    char buf[512];
    ssize_t n;
    while ((n = ::read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
    ::close(fds[0]);
    return out;
}

TEST(ModuleLog, DefaultLevelLinesArePlainAndDebugLinesAreNotWritten) {
    setDebugLog(false);
    EXPECT_EQ(stderrOf([] {
                  logLine("card inserted");
                  logDebug("not shown");
              }),
              "libias-pkcs11: card inserted\n");
}

TEST(ModuleLog, DebugLinesSayWhenAndOnWhichThread) {
    setDebugLog(true);
    long other = 0;
    const std::string out = stderrOf([&] {
        logLine("first");
        std::thread t([&] {
            other = static_cast<long>(::gettid());
            logDebug("second");
        });
        t.join();
    });
    setDebugLog(false);
    // "libias-pkcs11: +<ms>.<µs> ms tid <tid>: <text>\n", twice (sscanf, not std::regex: GCC 12 warns inside
    // <regex> at -O1, the sanitizer builds' level).
    struct Stamped {
        long long ms = -1, us = -1;
        long tid = -1;
        char text[32] = {};
    };
    const auto parse = [](const std::string& line) {
        Stamped s;
        int used = 0;
        if (std::sscanf(line.c_str(), "libias-pkcs11: +%lld.%3lld ms tid %ld: %31s%n", &s.ms, &s.us, &s.tid,
                        s.text, &used) != 4 ||
            static_cast<std::size_t>(used) != line.size())
            s.ms = -1;
        return s;
    };
    const std::size_t newline = out.find('\n');
    ASSERT_NE(newline, std::string::npos) << out;
    ASSERT_EQ(out.back(), '\n') << out;
    const Stamped first = parse(out.substr(0, newline));
    const Stamped second = parse(out.substr(newline + 1, out.size() - newline - 2));
    ASSERT_GE(first.ms, 0) << out;
    ASSERT_GE(second.ms, 0) << out;
    EXPECT_STREQ(first.text, "first");
    EXPECT_STREQ(second.text, "second");
    EXPECT_EQ(first.tid, static_cast<long>(::gettid()));
    EXPECT_EQ(second.tid, other);
    // A steady clock: the second line is never stamped before the first.
    EXPECT_LE(first.ms * 1000 + first.us, second.ms * 1000 + second.us);
}

}  // namespace
}  // namespace ias::p11
