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

namespace {
// -1: not yet decided (IAS_ECC_LOG is read at the first debug line), 0 off, 1 on.
std::atomic<int> g_debug{-1};
}  // namespace

void setDebugLog(bool enabled) noexcept {
    g_debug.store(enabled ? 1 : 0);
}

void logDebug(std::string_view text) noexcept {
    int enabled = g_debug.load();
    if (enabled < 0) {
        const char* level = std::getenv("IAS_ECC_LOG");
        enabled = level != nullptr && std::strcmp(level, "debug") == 0 ? 1 : 0;
        int unknown = -1;
        g_debug.compare_exchange_strong(unknown, enabled);
        enabled = g_debug.load();
    }
    if (enabled == 1) logLine(text);
}

}  // namespace ias::p11
