// The SM key store from the configuration file (`key = value` lines). The file is read into secure memory
// and key values are decoded from there straight into SecureBuffers, so no copy of a key is left in
// ordinary heap memory.
#include "ias/api/SmKeyStore.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "ias/api/ApiError.h"
#include "ias/api/ConfigurationFile.h"

namespace ias::api {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Hex (spaces and colons allowed between bytes) into secure memory; false when malformed.
bool decodeHex(std::string_view text, SecureBuffer& out) {
    out = SecureBuffer(text.size() / 2 + 1);
    int high = -1;
    for (char c : text) {
        if (c == ' ' || c == ':') continue;
        const int d = hexDigit(c);
        if (d < 0) return false;
        if (high < 0) {
            high = d;
        } else {
            out.push_back(static_cast<std::uint8_t>((high << 4) | d));
            high = -1;
        }
    }
    return high < 0;
}

bool isHexName(std::string_view s) {
    if (s.empty() || s.size() % 2) return false;
    for (char c : s)
        if (hexDigit(c) < 0) return false;
    return true;
}

std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

}  // namespace

SmKeyStore::SmKeyStore() : ifdSerial_(std::begin(kDefaultIfdSerial), std::end(kDefaultIfdSerial)) {}

std::filesystem::path SmKeyStore::configPath() {
    const char* env = std::getenv("IAS_ECC_CONF");
    return env && *env ? std::filesystem::path(env) : std::filesystem::path(kDefaultPath);
}

SmKeyStore SmKeyStore::load() {
    return fromFile(configPath());
}

SmKeyStore SmKeyStore::fromFile(const std::filesystem::path& file) {
    const std::optional<SecureBuffer> text = readConfigurationFile(file);
    return text ? parse(text->view(), file.string()) : SmKeyStore{};
}

SmKeyStore SmKeyStore::parse(ByteView bytes, const std::string& origin) {
    SmKeyStore store;
    store.origin_ = origin;
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    std::size_t lineNo = 0;
    std::map<std::pair<std::string, std::uint8_t>, sm::Keyset> partial;
    for (std::size_t pos = 0; pos <= text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = trim(text.substr(pos, end - pos));
        pos = end + 1;
        ++lineNo;
        if (line.empty() || line.front() == '#') continue;
        auto fail = [&](const std::string& why) -> ApiError {
            return ApiError(ApiErrorKind::Configuration, origin + ":" + std::to_string(lineNo) + ": " + why);
        };
        const std::size_t eq = line.find('=');
        if (eq == std::string_view::npos) throw fail("expected key = value");
        const std::string_view key = trim(line.substr(0, eq));
        const std::string_view value = trim(line.substr(eq + 1));
        if (key == "sm.ifd_serial") {
            SecureBuffer serial;
            if (!decodeHex(value, serial) || serial.size() != 8)
                throw fail("sm.ifd_serial must be 8 bytes of hex");
            store.ifdSerial_.assign(serial.view().begin(), serial.view().end());
            continue;
        }
        if (key.substr(0, 10) != "sm.keyset.") continue;  // other settings belong to other readers
        // sm.keyset.<scope>.<ref>.<enc|mac>
        const std::string_view rest = key.substr(10);
        const std::size_t d2 = rest.rfind('.');
        const std::size_t d1 = d2 == std::string_view::npos ? d2 : rest.rfind('.', d2 - 1);
        if (d1 == std::string_view::npos || d1 == 0)
            throw fail("expected sm.keyset.<aid|mf>.<ref>.<enc|mac>");
        const std::string_view scopeText = rest.substr(0, d1);
        const std::string_view refText = rest.substr(d1 + 1, d2 - d1 - 1);
        const std::string_view which = rest.substr(d2 + 1);
        std::string scope;
        if (scopeText == "mf" || scopeText == "MF")
            scope = "mf";
        else if (isHexName(scopeText) && scopeText.size() >= 10 && scopeText.size() <= 32)
            scope = upper(scopeText);
        else
            throw fail("keyset scope must be \"mf\" or an AID in hex (5..16 bytes)");
        if (refText.size() != 2 || !isHexName(refText)) throw fail("keyset reference must be two hex digits");
        const int ref = hexDigit(refText[0]) * 16 + hexDigit(refText[1]);
        if (ref < 1 || ref > 0x7F) throw fail("keyset reference outside 01..7F");
        if (which != "enc" && which != "mac") throw fail("expected .enc or .mac");
        SecureBuffer k;
        if (!decodeHex(value, k) || k.size() != 16) throw fail("a keyset key is 16 bytes (32 hex digits)");
        sm::Keyset& ks = partial[{scope, static_cast<std::uint8_t>(ref)}];
        (which == "enc" ? ks.enc : ks.mac) = std::move(k);
    }
    for (auto& [where, ks] : partial)
        if (!ks.enc.empty() && !ks.mac.empty()) store.keysets_[where] = std::move(ks);
    return store;
}

void SmKeyStore::setKeyset(const std::string& scope, std::uint8_t reference, sm::Keyset keys) {
    keysets_[{scope == "MF" ? "mf" : upper(scope), reference}] = std::move(keys);
}

const sm::Keyset* SmKeyStore::keyset(const std::string& scope, std::uint8_t reference) const {
    const auto it = keysets_.find({scope, reference});
    return it == keysets_.end() ? nullptr : &it->second;
}

void SmKeyStore::setIfdSerial(ByteView serial) {
    if (serial.size() != 8) throw ApiError(ApiErrorKind::Configuration, "SN.IFD must be 8 bytes");
    ifdSerial_.assign(serial.begin(), serial.end());
}

}  // namespace ias::api
