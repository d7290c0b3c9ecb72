// The module's log on stderr: plain lines at the default level; at debug level each line says when (ms since
// the module was loaded) and on which thread.
#include <gtest/gtest.h>
#include <unistd.h>

#include <regex>
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
    const std::regex line(R"(libias-pkcs11: \+([0-9]+)\.([0-9]{3}) ms tid ([0-9]+): (\w+)\n)");
    std::smatch first, second;
    ASSERT_TRUE(std::regex_search(out, first, line)) << out;
    EXPECT_TRUE(first.prefix().str().empty()) << out;
    const std::string rest = first.suffix();
    ASSERT_TRUE(std::regex_match(rest, second, line)) << out;
    EXPECT_EQ(first[4], "first");
    EXPECT_EQ(second[4], "second");
    EXPECT_EQ(std::stol(first[3]), static_cast<long>(::gettid()));
    EXPECT_EQ(std::stol(second[3]), other);
    // A steady clock: the second line is never stamped before the first.
    const auto us = [](const std::smatch& m) { return std::stoll(m[1]) * 1000 + std::stoll(m[2]); };
    EXPECT_LE(us(first), us(second));
}

}  // namespace
}  // namespace ias::p11
