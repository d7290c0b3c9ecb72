#include "ModuleLog.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace ias::p11 {

void logLine(std::string_view text) noexcept {
    try {
        std::string line = "libias-pkcs11: ";
        line.append(text);
        line.push_back('\n');
        const ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
        (void)ignored;
    } catch (...) {
    }
}

void logDebug(std::string_view text) noexcept {
    static const bool enabled = [] {
        const char* level = std::getenv("IAS_ECC_LOG");
        return level != nullptr && std::strcmp(level, "debug") == 0;
    }();
    if (enabled) logLine(text);
}

}  // namespace ias::p11
