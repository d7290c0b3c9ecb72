// The pin.* keys of ias-ecc.conf as the module reads them (pkcs11/backend/PinSettings.cpp).
#include "PinSettings.h"

#include <gtest/gtest.h>

#include "ias/api/ConfigurationKeys.h"

namespace ias::p11 {
namespace {

TEST(PinSettings, DefaultsKeepTodaysBehaviour) {
    const PinSettings s = PinSettings::parse("", "test");
    EXPECT_EQ(s.dialog, PinSettings::Dialog::Never);
    EXPECT_TRUE(s.contextDialog);
    EXPECT_FALSE(s.cache);
    EXPECT_EQ(s.cacheTimeout, std::chrono::seconds(300));
    EXPECT_EQ(s.dialogTimeout, std::chrono::seconds(120));
    EXPECT_TRUE(s.problems.empty());
}

// The shared table (ias-diag reviews the file with it) and the module agree: every pin.* key of the table
// is read by the module without a complaint, and its default there is the module's default.
TEST(PinSettings, EveryPinKeyOfTheSharedTableIsReadWithTheSameDefault) {
    const PinSettings defaults = PinSettings::parse("", "t");
    int keys = 0;
    for (const api::ConfigurationKey& k : api::configurationKeys()) {
        if (!k.key.starts_with("pin.")) continue;
        ++keys;
        const PinSettings s =
            PinSettings::parse(std::string(k.key) + " = " + std::string(k.defaultValue), "t");
        EXPECT_TRUE(s.problems.empty()) << k.key;
        EXPECT_EQ(s.dialog, defaults.dialog) << k.key;
        EXPECT_EQ(s.contextDialog, defaults.contextDialog) << k.key;
        EXPECT_EQ(s.dialogTimeout, defaults.dialogTimeout) << k.key;
        EXPECT_EQ(s.cache, defaults.cache) << k.key;
        EXPECT_EQ(s.cacheTimeout, defaults.cacheTimeout) << k.key;
    }
    EXPECT_EQ(keys, 5);
    EXPECT_FALSE(PinSettings::parse("pin.colour = blue", "t").problems.empty());
}

TEST(PinSettings, ReadsEveryKeyAndLeavesOtherLinesAlone) {
    const PinSettings s = PinSettings::parse(
        "# comment\n"
        "sm.ifd_serial = 1122334455667788\n"
        "cache.persistent = no\n"
        "  pin.dialog = signature \r\n"
        "pin.dialog_context=no\n"
        "pin.dialog_timeout = 30\n"
        "pin.cache = yes\n"
        "pin.cache_timeout = 5",
        "test");
    EXPECT_EQ(s.dialog, PinSettings::Dialog::Signature);
    EXPECT_FALSE(s.contextDialog);
    EXPECT_EQ(s.dialogTimeout, std::chrono::seconds(30));
    EXPECT_TRUE(s.cache);
    EXPECT_EQ(s.cacheTimeout, std::chrono::seconds(5));
    EXPECT_TRUE(s.problems.empty());
    EXPECT_EQ(PinSettings::parse("pin.dialog = always", "t").dialog, PinSettings::Dialog::Always);
}

TEST(PinSettings, BadValuesKeepTheDefaultAndAreReportedWithTheirLine) {
    const PinSettings s = PinSettings::parse(
        "pin.dialog = sometimes\n"
        "pin.cache = perhaps\n"
        "pin.cache_timeout = -3\n"
        "pin.dialog_timeout = 99999999\n"
        "pin.colour = blue\n",
        "conf");
    EXPECT_EQ(s.dialog, PinSettings::Dialog::Never);
    EXPECT_FALSE(s.cache);
    EXPECT_EQ(s.cacheTimeout, std::chrono::seconds(300));
    EXPECT_EQ(s.dialogTimeout, std::chrono::seconds(120));
    ASSERT_EQ(s.problems.size(), 5u);
    EXPECT_NE(s.problems[0].find("conf:1"), std::string::npos);
    EXPECT_NE(s.problems[4].find("pin.colour"), std::string::npos);
}

}  // namespace
}  // namespace ias::p11
