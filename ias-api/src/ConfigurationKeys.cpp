#include "ias/api/ConfigurationKeys.h"

#include <array>
#include <charconv>

namespace ias::api {

std::optional<bool> parseYesNo(std::string_view v) {
    if (v == "yes" || v == "true" || v == "1" || v == "on") return true;
    if (v == "no" || v == "false" || v == "0" || v == "off") return false;
    return std::nullopt;
}

std::optional<std::chrono::seconds> parseSeconds(std::string_view v) {
    long n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || n < 1 || n > 24 * 3600) return std::nullopt;
    return std::chrono::seconds(n);
}

namespace {

bool yesNo(std::string_view v) {
    return parseYesNo(v).has_value();
}
bool seconds(std::string_view v) {
    return parseSeconds(v).has_value();
}
bool dialogMode(std::string_view v) {
    return v == "never" || v == "signature" || v == "always";
}
bool absolutePath(std::string_view v) {
    return v.starts_with("/");
}

constexpr std::array<ConfigurationKey, 7> kKeys{{
    {"pin.dialog", "never", "never, signature or always", dialogMode},
    {"pin.dialog_context", "yes", "yes or no", yesNo},
    {"pin.dialog_timeout", "120", "seconds, 1 to 86400", seconds},
    {"pin.cache", "no", "yes or no", yesNo},
    {"pin.cache_timeout", "300", "seconds, 1 to 86400", seconds},
    {"cache.persistent", "yes", "yes or no", yesNo},
    {"cache.dir", "", "an absolute path", absolutePath},
}};

}  // namespace

std::span<const ConfigurationKey> configurationKeys() {
    return kKeys;
}

const ConfigurationKey* findConfigurationKey(std::string_view key) {
    for (const ConfigurationKey& k : kKeys)
        if (k.key == key) return &k;
    return nullptr;
}

}  // namespace ias::api
