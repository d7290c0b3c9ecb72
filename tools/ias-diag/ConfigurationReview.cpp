#include <algorithm>
#include <charconv>
#include <map>

#include "ConfigurationCheck.h"
#include "ias/api/ApiError.h"
#include "ias/api/ConfigurationFile.h"
#include "ias/api/SmKeyStore.h"

namespace ias::diag {
namespace {

bool yesNo(std::string_view v) {
    return v == "yes" || v == "true" || v == "1" || v == "on" || v == "no" || v == "false" || v == "0" ||
           v == "off";
}

bool isYes(std::string_view v) {
    return v == "yes" || v == "true" || v == "1" || v == "on";
}

// The module's rule for pin.*_timeout: whole seconds, 1 .. 24 h.
bool seconds(std::string_view v) {
    long n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    return ec == std::errc() && end == v.data() + v.size() && n >= 1 && n <= 24 * 3600;
}

struct KnownKey {
    const char* defaultValue;
    bool (*valid)(std::string_view);
    const char* expected;
};

// The keys the middleware reads (docs/pkcs11.md, docs/performance.md, docs/ias-api.md) and their values.
const std::map<std::string_view, KnownKey>& knownKeys() {
    static const std::map<std::string_view, KnownKey> keys = {
        {"pin.dialog",
         {"never", [](std::string_view v) { return v == "never" || v == "signature" || v == "always"; },
          "never, signature or always"}},
        {"pin.dialog_context", {"yes", yesNo, "yes or no"}},
        {"pin.dialog_timeout", {"120", seconds, "seconds, 1 to 86400"}},
        {"pin.cache", {"no", yesNo, "yes or no"}},
        {"pin.cache_timeout", {"300", seconds, "seconds, 1 to 86400"}},
        {"cache.persistent", {"yes", yesNo, "yes or no"}},
        {"cache.dir", {"", [](std::string_view v) { return v.starts_with("/"); }, "an absolute path"}},
    };
    return keys;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

}  // namespace

ConfigurationReview reviewConfiguration(std::string_view text, const std::string& origin) {
    ConfigurationReview review;
    // Lines that are neither blank, a comment nor key = value.
    std::size_t lineNo = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = trimmed(text.substr(pos, end - pos));
        pos = end + 1;
        ++lineNo;
        if (!line.empty() && line.front() != '#' && line.find('=') == std::string_view::npos)
            review.problems.push_back({lineNo, "not a 'key = value' line"});
    }
    std::map<std::string, std::pair<std::string, std::size_t>> values;  // key → value, line (last one wins)
    api::forEachSetting(text, "", [&](const api::ConfigurationSetting& s) {
        if (s.key.starts_with("#")) return;
        const std::string key(s.key);
        if (key == "sm.ifd_serial" || key.starts_with("sm.keyset."))
            return;  // checked by the key store below
        const auto known = knownKeys().find(s.key);
        if (known == knownKeys().end()) {
            review.problems.push_back({s.line, "unknown key '" + key + "' (ignored by the middleware)"});
            return;
        }
        if (!known->second.valid(s.value)) {
            review.problems.push_back({s.line, "'" + key + "' = '" + std::string(s.value) + "': expected " +
                                                   known->second.expected + " (the default is used)"});
            return;
        }
        values[key] = {std::string(s.value), s.line};
    });
    // The secure-messaging lines, judged by the reader the middleware uses (its message names the line and
    // never a key's value).
    try {
        const api::SmKeyStore store = api::SmKeyStore::parse(
            ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()), origin);
        review.smKeysets = store.size();
    } catch (const api::ApiError& e) {
        std::string message = e.what();
        std::size_t line = 0;
        // "<origin>:<line>: why" → line and why
        if (message.starts_with(origin + ":")) {
            const std::string rest = message.substr(origin.size() + 1);
            const std::size_t colon = rest.find(':');
            if (colon != std::string::npos) {
                std::from_chars(rest.data(), rest.data() + colon, line);
                message = std::string(trimmed(rest.substr(colon + 1)));
            } else {
                message = rest;
            }
        }
        bool known = false;
        for (const ConfigurationProblem& p : review.problems) known = known || (p.line == line && line != 0);
        if (!known) review.problems.push_back({line, "secure messaging: " + message});
    }
    for (const auto& [key, rule] : knownKeys()) {
        const auto it = values.find(std::string(key));
        const std::string value = it != values.end() ? it->second.first : rule.defaultValue;
        if (key == "cache.dir" && value.empty()) continue;
        review.shown.push_back(
            Detail{"setting", {}}
                .add("key", std::string(key))
                .add("value", value)
                .add("from", it != values.end() ? "line " + std::to_string(it->second.second) : "default"));
        if (key == "pin.dialog") review.settings.pinDialog = value;
        if (key == "pin.dialog_context") review.settings.contextDialog = isYes(value);
    }
    std::sort(review.problems.begin(), review.problems.end(),
              [](const ConfigurationProblem& a, const ConfigurationProblem& b) { return a.line < b.line; });
    return review;
}

}  // namespace ias::diag
