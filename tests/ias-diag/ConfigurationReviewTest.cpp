// The configuration check's judgement of the file's lines: unknown keys and bad values named by line, the
// secure-messaging lines judged by the key store's own reader, key values never repeated.
#include <gtest/gtest.h>

#include "ConfigurationCheck.h"

namespace ias::diag {
namespace {

constexpr const char* kKey = "00112233445566778899AABBCCDDEEFF";

TEST(ConfigurationReview, EmptyTextGivesTheDefaults) {
    const ConfigurationReview r = reviewConfiguration("", "x.conf");
    EXPECT_TRUE(r.problems.empty());
    EXPECT_EQ(r.settings.pinDialog, "never");
    EXPECT_TRUE(r.settings.contextDialog);
}

TEST(ConfigurationReview, KnownSettingsAreUnderstoodAndShown) {
    const ConfigurationReview r = reviewConfiguration(
        "# comment = with equals\n\npin.dialog = signature\npin.dialog_context = no\ncache.dir = /tmp/c\n",
        "x.conf");
    EXPECT_TRUE(r.problems.empty());
    EXPECT_EQ(r.settings.pinDialog, "signature");
    EXPECT_FALSE(r.settings.contextDialog);
    bool shown = false;
    for (const Detail& d : r.shown)
        if (d.fields[0].second == "pin.dialog") {
            shown = true;
            EXPECT_EQ(d.fields[1].second, "signature");
            EXPECT_EQ(d.fields[2].second, "line 3");
        }
    EXPECT_TRUE(shown);
}

TEST(ConfigurationReview, UnknownKeyIsNamedWithItsLine) {
    const ConfigurationReview r =
        reviewConfiguration("pin.dialog = never\n\npin.dialgo = always\n", "x.conf");
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].line, 3u);
    EXPECT_NE(r.problems[0].message.find("unknown key 'pin.dialgo'"), std::string::npos);
    EXPECT_EQ(r.settings.pinDialog, "never");
}

TEST(ConfigurationReview, BadValuesKeepTheDefault) {
    const ConfigurationReview r = reviewConfiguration(
        "pin.dialog = sometimes\npin.dialog_timeout = 0\ncache.persistent = maybe\n", "x.conf");
    ASSERT_EQ(r.problems.size(), 3u);
    EXPECT_EQ(r.problems[0].line, 1u);
    EXPECT_EQ(r.problems[1].line, 2u);
    EXPECT_EQ(r.problems[2].line, 3u);
    EXPECT_EQ(r.settings.pinDialog, "never");
}

TEST(ConfigurationReview, LineWithoutEqualsIsAProblem) {
    const ConfigurationReview r = reviewConfiguration("pin.dialog = never\njust words\n", "x.conf");
    ASSERT_FALSE(r.problems.empty());
    EXPECT_EQ(r.problems[0].line, 2u);
}

TEST(ConfigurationReview, SecureMessagingLinesAreCountedAndTheirKeysNeverShown) {
    const std::string text =
        std::string("sm.keyset.mf.01.enc = ") + kKey + "\nsm.keyset.mf.01.mac = " + kKey + "\n";
    const ConfigurationReview r = reviewConfiguration(text, "x.conf");
    EXPECT_TRUE(r.problems.empty());
    EXPECT_EQ(r.smKeysets, 1u);
    for (const Detail& d : r.shown)
        for (const auto& f : d.fields) EXPECT_EQ(f.second.find(kKey), std::string::npos);
}

TEST(ConfigurationReview, MalformedKeysetIsNamedWithItsLineButNotItsValue) {
    const ConfigurationReview r =
        reviewConfiguration("pin.cache = no\nsm.keyset.mf.01.enc = 0011AABB\n", "x.conf");
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].line, 2u);
    EXPECT_EQ(r.problems[0].message.find("0011AABB"), std::string::npos);
    EXPECT_NE(r.problems[0].message.find("secure messaging"), std::string::npos);
}

}  // namespace
}  // namespace ias::diag
