// One debug line per Cryptoki call as it returns (pkcs11/src/EntryTrace): the exported function's name, its
// CK_RV as PKCS #11 numbers it, and how long it took; nothing when debug lines are off.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "EntryTrace.h"
#include "ModuleLog.h"

namespace ias::p11 {
namespace {

std::vector<std::string> g_lines;
void keep(std::string_view line) noexcept {
    g_lines.emplace_back(line);
}

// Stands for an exported entry point: the trace is made where the call arrives, as in Entry.cpp.
CK_RV C_Example(CK_RV answer, std::chrono::milliseconds work) {
    const EntryTrace trace(__builtin_FUNCTION());
    std::this_thread::sleep_for(work);
    return trace.done(answer);
}

class EntryTraceTest : public ::testing::Test {
protected:
    void SetUp() override {
        g_lines.clear();
        setLogSink(keep);
    }
    void TearDown() override {
        setLogSink(nullptr);
        setDebugLog(false);
    }
};

TEST_F(EntryTraceTest, AtDebugLevelACallLeavesItsNameItsReturnValueAndItsDuration) {
    setDebugLog(true);
    // CKR_PIN_INCORRECT is 0xA0 in PKCS #11 3.0 (section 3.6); the call sleeps at least 20 ms.
    EXPECT_EQ(C_Example(0xA0, std::chrono::milliseconds(20)), 0xA0UL);
    ASSERT_EQ(g_lines.size(), 1u);
    long long ms = -1, us = -1;
    int used = 0;
    ASSERT_EQ(std::sscanf(g_lines[0].c_str(), "C_Example -> CKR 0xa0 in %lld.%3lld ms%n", &ms, &us, &used), 2)
        << g_lines[0];
    EXPECT_EQ(static_cast<std::size_t>(used), g_lines[0].size()) << g_lines[0];
    EXPECT_GE(ms, 20) << g_lines[0];  // a steady clock, and sleep_for sleeps at least that long
}

TEST_F(EntryTraceTest, OffByDefaultACallLeavesNoLineAndTheSameReturnValue) {
    setDebugLog(false);
    EXPECT_EQ(C_Example(0x0, std::chrono::milliseconds(0)), 0x0UL);
    EXPECT_EQ(C_Example(0x101, std::chrono::milliseconds(0)), 0x101UL);  // CKR_USER_NOT_LOGGED_IN
    EXPECT_TRUE(g_lines.empty());
}

}  // namespace
}  // namespace ias::p11
