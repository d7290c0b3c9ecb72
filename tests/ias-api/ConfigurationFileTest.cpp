// The configuration file reader every part of the middleware shares: missing file, wrong kind of file, and
// the "key = value" lines of one prefix with their line numbers.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "ias/api/ApiError.h"
#include "ias/api/ConfigurationFile.h"
#include "ias/api/ConfigurationKeys.h"

namespace ias::api {
namespace {

std::filesystem::path scratch(const std::string& name) {
    const char* tmp = std::getenv("TMPDIR");
    std::filesystem::path dir =
        std::filesystem::path(tmp && *tmp ? tmp : "/tmp") / ("ias-config-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir / name;
}

struct Seen {
    std::string key, value;
    std::size_t line;
    bool operator==(const Seen&) const = default;
};

std::vector<Seen> settings(std::string_view text, std::string_view prefix) {
    std::vector<Seen> out;
    forEachSetting(text, prefix, [&](const ConfigurationSetting& s) {
        out.push_back({std::string(s.key), std::string(s.value), s.line});
    });
    return out;
}

TEST(ConfigurationFile, AMissingFileIsNoConfiguration) {
    EXPECT_FALSE(readConfigurationFile(scratch("does-not-exist.conf")).has_value());
}

TEST(ConfigurationFile, ADirectoryIsAConfigurationError) {
    const auto dir = scratch("a-directory");
    std::filesystem::create_directories(dir);
    try {
        (void)readConfigurationFile(dir);
        FAIL() << "a directory was read as a configuration file";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.kind(), ApiErrorKind::Configuration);
    }
}

TEST(ConfigurationFile, TheFileIsReadWhole) {
    const auto file = scratch("whole.conf");
    const std::string text = "pin.dialog = always\ncache.persistent = no\n";
    std::ofstream(file) << text;
    const auto bytes = readConfigurationFile(file);
    ASSERT_TRUE(bytes.has_value());
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size()), text);
}

TEST(ConfigurationFile, OnlyTheLinesOfThePrefixWithTheirNumbers) {
    const std::string text =
        "# pin.dialog = always\n"
        "pin.dialog=signature\n"
        "\n"
        "cache.dir = /x\n"
        "\t pin.cache   =  yes \r\n"
        "pin.without_value\n"
        "pin.timeout = 5";
    const std::vector<Seen> expected = {
        {"pin.dialog", "signature", 2}, {"pin.cache", "yes", 5}, {"pin.timeout", "5", 7}};
    EXPECT_EQ(settings(text, "pin."), expected);
    EXPECT_EQ(settings(text, "cache."), (std::vector<Seen>{{"cache.dir", "/x", 4}}));
    EXPECT_TRUE(settings("", "pin.").empty());
}

TEST(ConfigurationFile, MalformedLinesAreReportedWhateverThePrefix) {
    std::vector<std::size_t> malformed;
    std::size_t settingsSeen = 0;
    forEachSetting(
        "# a comment without equals\n"
        "pin.dialog = never\n"
        "  \t \n"
        "pin.without_value\n"
        "just words\n"
        "sm.keyset.1 = x\n",
        "pin.", [&](const ConfigurationSetting&) { ++settingsSeen; },
        [&](std::size_t line) { malformed.push_back(line); });
    EXPECT_EQ(settingsSeen, 1u);
    EXPECT_EQ(malformed, (std::vector<std::size_t>{4, 5}));
}

// The values every reader of the file shares (the module, the content cache, ias-diag).
TEST(ConfigurationKeys, YesNoAndSecondsReadTheSameEverywhere) {
    for (const char* yes : {"yes", "true", "1", "on"}) EXPECT_EQ(parseYesNo(yes), std::optional<bool>(true));
    for (const char* no : {"no", "false", "0", "off"}) EXPECT_EQ(parseYesNo(no), std::optional<bool>(false));
    for (const char* neither : {"", "Yes", "y", "2", "nope"}) EXPECT_FALSE(parseYesNo(neither).has_value());
    EXPECT_EQ(parseSeconds("1"), std::optional(std::chrono::seconds(1)));
    EXPECT_EQ(parseSeconds("86400"), std::optional(std::chrono::seconds(86400)));
    for (const char* bad : {"0", "86401", "-3", "5s", "", " 5", "1e3"})
        EXPECT_FALSE(parseSeconds(bad).has_value());
}

TEST(ConfigurationKeys, EveryKeyHasAValidDefaultOrNone) {
    std::size_t n = 0;
    for (const ConfigurationKey& k : configurationKeys()) {
        ++n;
        EXPECT_TRUE(k.key.starts_with("pin.") || k.key.starts_with("cache.")) << k.key;
        EXPECT_TRUE(k.defaultValue.empty() || k.valid(k.defaultValue)) << k.key;
        EXPECT_EQ(findConfigurationKey(k.key), &k);
    }
    EXPECT_EQ(n, 7u);
    EXPECT_EQ(findConfigurationKey("pin.colour"), nullptr);
    EXPECT_EQ(findConfigurationKey("sm.ifd_serial"), nullptr);
}

}  // namespace
}  // namespace ias::api
