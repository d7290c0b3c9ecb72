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

}  // namespace
}  // namespace ias::api
