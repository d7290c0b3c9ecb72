#include <algorithm>
#include <charconv>
#include <map>

#include "ConfigurationCheck.h"
#include "Translation.h"
#include "ias/api/ApiError.h"
#include "ias/api/ConfigurationFile.h"
#include "ias/api/ConfigurationKeys.h"
#include "ias/api/SmKeyStore.h"

namespace ias::diag {

ConfigurationReview reviewConfiguration(std::string_view text, const std::string& origin) {
    ConfigurationReview review;
    std::map<std::string, std::pair<std::string, std::size_t>> values;  // key → value, line (last one wins)
    api::forEachSetting(
        text, "",
        [&](const api::ConfigurationSetting& s) {
            if (s.key.starts_with("#")) return;
            const std::string key(s.key);
            if (key == "sm.ifd_serial" || key.starts_with("sm.keyset."))
                return;  // checked by the key store below
            const api::ConfigurationKey* known = api::findConfigurationKey(s.key);
            if (!known) {
                review.problems.push_back(
                    {s.line, trf("unknown key '%1' (ignored by the middleware)", {key})});
                return;
            }
            if (!known->valid(s.value)) {
                review.problems.push_back(
                    {s.line, trf("'%1' = '%2': expected %3 (the default is used)",
                                 {key, std::string(s.value), std::string(known->expected)})});
                return;
            }
            values[key] = {std::string(s.value), s.line};
        },
        [&](std::size_t line) {
            review.problems.push_back({line, tr("not a 'key = value' line")});
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
                message = std::string(api::trimmed(rest.substr(colon + 1)));
            } else {
                message = rest;
            }
        }
        bool known = false;
        for (const ConfigurationProblem& p : review.problems) known = known || (p.line == line && line != 0);
        if (!known) review.problems.push_back({line, trf("secure messaging: %1", {message})});
    }
    for (const api::ConfigurationKey& rule : api::configurationKeys()) {
        const std::string key(rule.key);
        const auto it = values.find(key);
        const std::string value = it != values.end() ? it->second.first : std::string(rule.defaultValue);
        if (key == "cache.dir" && value.empty()) continue;
        review.shown.push_back(
            Detail{"setting", {}}
                .add("key", key)
                .add("value", value)
                .add("from", it != values.end() ? "line " + std::to_string(it->second.second) : "default"));
        if (key == "pin.dialog") review.settings.pinDialog = value;
        if (key == "pin.dialog_context")
            review.settings.contextDialog = api::parseYesNo(value).value_or(true);
    }
    std::sort(review.problems.begin(), review.problems.end(),
              [](const ConfigurationProblem& a, const ConfigurationProblem& b) { return a.line < b.line; });
    return review;
}

}  // namespace ias::diag
