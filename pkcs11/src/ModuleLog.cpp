#include "ModuleLog.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>

namespace ias::p11 {
namespace {
std::atomic<LogSink> g_sink{nullptr};
}

void setLogSink(LogSink sink) noexcept {
    g_sink.store(sink);
}

void logLine(std::string_view text) noexcept {
    if (const LogSink sink = g_sink.load(); sink != nullptr) return sink(text);
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
