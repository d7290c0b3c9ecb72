#include "PinSettings.h"

#include <optional>

#include "ias/apdu/SecureBuffer.h"
#include "ias/api/ConfigurationFile.h"
#include "ias/api/ConfigurationKeys.h"
#include "ias/api/SmKeyStore.h"

namespace ias::p11 {
namespace {

bool readYesNo(std::string_view v, bool& out) {
    const std::optional<bool> b = api::parseYesNo(v);
    if (b) out = *b;
    return b.has_value();
}

bool readSeconds(std::string_view v, std::chrono::seconds& out) {
    const std::optional<std::chrono::seconds> n = api::parseSeconds(v);
    if (n) out = *n;
    return n.has_value();
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
            ok = readYesNo(value, s.contextDialog);
        } else if (key == "pin.dialog_relogin") {
            ok = readYesNo(value, s.reloginDialog);
        } else if (key == "pin.dialog_timeout") {
            ok = readSeconds(value, s.dialogTimeout);
        } else if (key == "pin.cache") {
            ok = readYesNo(value, s.cache);
        } else if (key == "pin.cache_timeout") {
            ok = readSeconds(value, s.cacheTimeout);
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
