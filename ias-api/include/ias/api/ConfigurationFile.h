#pragma once
// The middleware's configuration file (/etc/ias-ecc/ias-ecc.conf or $IAS_ECC_CONF): one "key = value" per
// line, '#' starts a comment. It may hold secure-messaging keys, so it is only ever read into secure memory,
// and each part of the middleware takes the lines of its own prefix (sm., cache., pin.).
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>

#include "ias/apdu/SecureBuffer.h"

namespace ias::api {

// The file's bytes; nullopt when it does not exist. ApiError(Configuration) when it exists but is not a
// readable regular file of at most 1 MiB.
std::optional<SecureBuffer> readConfigurationFile(const std::filesystem::path& file);

struct ConfigurationSetting {
    std::string_view key;    // trimmed, prefix included
    std::string_view value;  // trimmed
    std::size_t line = 0;    // 1-based, for messages
};

// `s` without the blanks and tabs around it (and a CR at its end): how a line of such a file is read.
std::string_view trimmed(std::string_view s);

// Calls `setting` for every "key = value" line of `text` whose key starts with `prefix`, and `malformed`
// (when given) with the number of every line that is neither blank, a comment nor "key = value".
void forEachSetting(std::string_view text, std::string_view prefix,
                    const std::function<void(const ConfigurationSetting&)>& setting,
                    const std::function<void(std::size_t line)>& malformed = {});

}  // namespace ias::api
