#include <unistd.h>
#include <climits>
#include <fstream>
#include <iterator>
#include <string_view>

#include "ias/pinui/PinPrompt.h"

namespace ias::pinui {

namespace {

// Names users know for programs whose executable says otherwise.
constexpr std::pair<std::string_view, std::string_view> kKnownPrograms[] = {
    {"firefox", "Firefox"},         {"firefox-esr", "Firefox"},         {"firefox-bin", "Firefox"},
    {"thunderbird", "Thunderbird"}, {"thunderbird-bin", "Thunderbird"}, {"chromium", "Chromium"},
    {"chrome", "Google Chrome"},    {"evolution", "Evolution"},         {"libreoffice", "LibreOffice"},
    {"soffice.bin", "LibreOffice"},
};

std::string baseName(std::string_view path) {
    std::size_t slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string fromExe() {
    char buf[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return {};
    std::string_view path(buf, static_cast<std::size_t>(n));
    constexpr std::string_view deleted = " (deleted)";  // the binary was replaced by an upgrade
    if (path.ends_with(deleted)) path.remove_suffix(deleted.size());
    return baseName(path);
}

std::string fromCmdline() {
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    std::string argv0;
    std::getline(in, argv0, '\0');
    return baseName(argv0);
}

}  // namespace

std::string callingApplicationName() {
    std::string name = fromExe();
    if (name.empty()) name = fromCmdline();
    for (const auto& [program, shown] : kKnownPrograms) {
        if (name == program) return std::string(shown);
    }
    return name;  // empty: the dialog says "An application"
}

}  // namespace ias::pinui
