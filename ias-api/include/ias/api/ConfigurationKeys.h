#pragma once
// The middleware's own settings in ias-ecc.conf (pin.*, cache.*; the sm.* lines belong to SmKeyStore): one
// table and one reading of their values for every part that reads or reviews the file — the module, the
// content cache and ias-diag — so that what the diagnosis reports is what the middleware does.
#include <chrono>
#include <optional>
#include <span>
#include <string_view>

namespace ias::api {

// yes/true/1/on and no/false/0/off; anything else is not a value.
std::optional<bool> parseYesNo(std::string_view value);
// Whole seconds, 1 to 24 hours.
std::optional<std::chrono::seconds> parseSeconds(std::string_view value);

struct ConfigurationKey {
    std::string_view key;
    std::string_view defaultValue;  // as it would be written in the file; empty: none (cache.dir)
    std::string_view expected;      // for messages: "yes or no", "seconds, 1 to 86400" …
    bool (*valid)(std::string_view value);
};

// Every pin.* and cache.* key the middleware reads, in the order of the documentation.
std::span<const ConfigurationKey> configurationKeys();
// The key's entry; null for a key the middleware does not read.
const ConfigurationKey* findConfigurationKey(std::string_view key);

}  // namespace ias::api
