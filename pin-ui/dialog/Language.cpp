#include "Language.h"

#include <libintl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <clocale>
#include <cstdlib>
#include <cstring>

namespace ias::pinui::dialog {

namespace {

// The translations next to the executable (build tree: <dir>/locale; for the shared windows' words in a
// tool's build directory, <build>/tools/<tool>/../../pin-ui/locale), else the installed ones. Relative to the
// executable, so that no build path is compiled in (reproducible builds).
std::string localeDirectory(const char* domain) {
    char exe[4096];
    ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        std::string dir(exe, static_cast<std::size_t>(n));
        dir = dir.substr(0, dir.rfind('/'));
        for (const std::string& candidate : {dir + "/locale", dir + "/../../pin-ui/locale"}) {
            struct stat st {};
            std::string probe = candidate + "/fr/LC_MESSAGES/" + domain + ".mo";
            if (::stat(probe.c_str(), &st) == 0) return candidate;
        }
    }
    return IAS_PINENTRY_LOCALEDIR;
}

std::string languageFromEnvironment() {
    for (const char* name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* v = std::getenv(name);
        if (v != nullptr && *v != '\0') return v;
    }
    return {};
}

}  // namespace

void selectLanguage(const std::string& requested, const char* domain) {
    std::string language = requested.empty() ? languageFromEnvironment() : requested;
    // gettext reads LANGUAGE first, so the choice holds even where the matching locale is not generated
    // (Debian ships only C.UTF-8 by default); it needs a locale other than "C" for that, hence C.UTF-8.
    if (!language.empty() && language != "C" && language != "POSIX") {
        ::setenv("LANGUAGE", language.c_str(), 1);
    }
    const char* set = std::setlocale(LC_ALL, "");
    if (set == nullptr || std::strcmp(set, "C") == 0 || std::strcmp(set, "POSIX") == 0) {
        std::setlocale(LC_ALL, "C.UTF-8");
    }
    for (const char* d : {domain, kTextDomain}) {  // the program's words, then the shared windows' (About)
        std::string dir = localeDirectory(d);
        ::bindtextdomain(d, dir.c_str());
        ::bind_textdomain_codeset(d, "UTF-8");
    }
    ::textdomain(domain);
}

std::string tr(const char* english) {
    return ::gettext(english);
}

std::string formatText(const std::string& pattern, const std::string& value) {
    const std::size_t at = pattern.find("%s");
    if (at == std::string::npos) return pattern;
    return pattern.substr(0, at) + value + pattern.substr(at + 2);
}

}  // namespace ias::pinui::dialog
