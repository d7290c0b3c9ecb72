#include "PinSettings.h"

#include <charconv>

#include "ias/apdu/SecureBuffer.h"
#include "ias/api/ConfigurationFile.h"
#include "ias/api/SmKeyStore.h"

namespace ias::p11 {
namespace {

bool parseYesNo(std::string_view v, bool& out) {
    if (v == "yes" || v == "true" || v == "1" || v == "on") return out = true, true;
    if (v == "no" || v == "false" || v == "0" || v == "off") return out = false, true;
    return false;
}

bool parseSeconds(std::string_view v, std::chrono::seconds& out) {
    long n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || n < 1 || n > 24 * 3600) return false;
    out = std::chrono::seconds(n);
    return true;
}

}  // namespace

PinSettings PinSettings::load() {
    try {
        const std::string path = api::SmKeyStore::configPath().string();
        const std::optional<SecureBuffer> text = api::readConfigurationFile(path);
        if (!text) return PinSettings{};
        return parse(std::string_view(reinterpret_cast<const char*>(text->data()), text->size()), path);
    } catch (...) {
        return PinSettings{};
    }
}

PinSettings PinSettings::parse(std::string_view text, const std::string& origin) {
    PinSettings s;
    api::forEachSetting(text, "pin.", [&](const api::ConfigurationSetting& setting) {
        const std::string_view key = setting.key;
        const std::string_view value = setting.value;
        bool ok = true;
        if (key == "pin.dialog") {
            if (value == "never")
                s.dialog = Dialog::Never;
            else if (value == "signature")
                s.dialog = Dialog::Signature;
            else if (value == "always")
                s.dialog = Dialog::Always;
            else
                ok = false;
        } else if (key == "pin.dialog_context") {
            ok = parseYesNo(value, s.contextDialog);
        } else if (key == "pin.dialog_timeout") {
            ok = parseSeconds(value, s.dialogTimeout);
        } else if (key == "pin.cache") {
            ok = parseYesNo(value, s.cache);
        } else if (key == "pin.cache_timeout") {
            ok = parseSeconds(value, s.cacheTimeout);
        } else {
            ok = false;
        }
        if (!ok)
            s.problems.push_back(origin + ":" + std::to_string(setting.line) + ": ignored '" +
                                 std::string(key) + "': unknown key or value");
    });
    return s;
}

}  // namespace ias::p11
