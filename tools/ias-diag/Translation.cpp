#include "Translation.h"

#include <libintl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <clocale>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace ias::diag {

std::string tr(const char* english) {
    return ::dgettext(kTextDomain, english);
}

std::string detailLabel(const std::string& field) {
    return ::dgettext(kTextDomain, field.c_str());
}

std::string substitute(const std::string& pattern, std::initializer_list<std::string> args) {
    const std::vector<std::string> values(args);
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char next = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
        const std::size_t index = static_cast<std::size_t>(next - '1');
        if (pattern[i] == '%' && next >= '1' && next <= '9' && index < values.size()) {
            out += values[index];
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

std::string trf(const char* english, std::initializer_list<std::string> args) {
    return substitute(tr(english), args);
}

std::string trnf(const char* singular, const char* plural, unsigned long n,
                 std::initializer_list<std::string> args) {
    return substitute(::dngettext(kTextDomain, singular, plural, n), args);
}

namespace {

std::string executableDirectory() {
    char exe[4096];
    const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return {};
    const std::string path(exe, static_cast<std::size_t>(n));
    return path.substr(0, path.rfind('/'));
}

}  // namespace

void bindReportCatalogue() {
    // Relative to the executable, so that no build path is compiled in (reproducible builds).
    std::string directory = IAS_DIAG_LOCALEDIR;
    const std::string exe = executableDirectory();
    for (const std::string& candidate : {exe + "/locale", exe + "/../ias-diag/locale"}) {
        struct stat st {};
        if (!exe.empty() && ::stat((candidate + "/fr/LC_MESSAGES/ias-diag.mo").c_str(), &st) == 0) {
            directory = candidate;
            break;
        }
    }
    ::bindtextdomain(kTextDomain, directory.c_str());
    ::bind_textdomain_codeset(kTextDomain, "UTF-8");
}

void selectReportLanguage() {
    std::string language;
    for (const char* name : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* v = std::getenv(name);
        if (v != nullptr && *v != '\0') {
            language = v;
            break;
        }
    }
    // gettext reads LANGUAGE first, so the choice holds where the matching locale is not generated (Debian
    // ships only C.UTF-8); it needs a message locale other than "C" for that, hence C.UTF-8.
    if (language.empty() || language == "C" || language == "POSIX") return;
    ::setenv("LANGUAGE", language.c_str(), 1);
    const char* set = std::setlocale(LC_MESSAGES, "");
    if (set == nullptr || std::strcmp(set, "C") == 0 || std::strcmp(set, "POSIX") == 0)
        std::setlocale(LC_MESSAGES, "C.UTF-8");
    bindReportCatalogue();
}

}  // namespace ias::diag
