#include "PinSettings.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include "ias/apdu/SecureBuffer.h"
#include "ias/api/SmKeyStore.h"

namespace ias::p11 {
namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// The file may hold SM keys: it is read into secure memory, like the key store reads it.
SecureBuffer readConfiguration(const std::string& path) {
    SecureBuffer text;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return text;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size <= (1 << 20)) {
        text = SecureBuffer(static_cast<std::size_t>(st.st_size));
        text.resize(static_cast<std::size_t>(st.st_size));
        std::size_t got = 0;
        while (got < text.size()) {
            const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += static_cast<std::size_t>(n);
        }
        text.resize(got);
    }
    ::close(fd);
    return text;
}

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
        const SecureBuffer text = readConfiguration(path);
        return parse(std::string_view(reinterpret_cast<const char*>(text.data()), text.size()), path);
    } catch (...) {
        return PinSettings{};
    }
}

PinSettings PinSettings::parse(std::string_view text, const std::string& origin) {
    PinSettings s;
    std::size_t lineNo = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = trimmed(text.substr(pos, end - pos));
        pos = end + 1;
        ++lineNo;
        const auto eq = line.find('=');
        if (!line.starts_with("pin.") || eq == std::string_view::npos) continue;
        const std::string_view key = trimmed(line.substr(0, eq));
        const std::string_view value = trimmed(line.substr(eq + 1));
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
            s.problems.push_back(origin + ":" + std::to_string(lineNo) + ": ignored '" + std::string(key) +
                                 "': unknown key or value");
    }
    return s;
}

}  // namespace ias::p11
