#include "ModuleLog.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace ias::p11 {
namespace {

std::atomic<LogSink> g_sink{nullptr};
// -1: not yet decided (IAS_ECC_LOG is read at the first line), 0 off, 1 on.
std::atomic<int> g_debug{-1};
// When the module was loaded: debug lines count from here.
const std::chrono::steady_clock::time_point g_loaded = std::chrono::steady_clock::now();

}  // namespace

bool debugLogOn() noexcept {
    int enabled = g_debug.load();
    if (enabled < 0) {
        const char* level = std::getenv("IAS_ECC_LOG");
        enabled = level != nullptr && std::strcmp(level, "debug") == 0 ? 1 : 0;
        int unknown = -1;
        g_debug.compare_exchange_strong(unknown, enabled);
        enabled = g_debug.load();
    }
    return enabled == 1;
}

namespace {

// At debug level each line says when (ms since the module was loaded) and on which thread: what is needed to
// read a browser's start from the log alone (docs/performance.md, "Browser start").
void appendStamp(std::string& line) {
    const auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - g_loaded)
            .count();
    char stamp[64];
    std::snprintf(stamp, sizeof stamp, "+%lld.%03lld ms tid %ld: ", static_cast<long long>(us / 1000),
                  static_cast<long long>(us % 1000), static_cast<long>(::gettid()));
    line.append(stamp);
}

}  // namespace

void setLogSink(LogSink sink) noexcept {
    g_sink.store(sink);
}

void setDebugLog(bool enabled) noexcept {
    g_debug.store(enabled ? 1 : 0);
}

void logLine(std::string_view text) noexcept {
    if (const LogSink sink = g_sink.load(); sink != nullptr) return sink(text);
    try {
        std::string line = "libias-pkcs11: ";
        if (debugLogOn()) appendStamp(line);
        line.append(text);
        line.push_back('\n');
        const ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
        (void)ignored;
    } catch (...) {
    }
}

void logDebug(std::string_view text) noexcept {
    if (debugLogOn()) logLine(text);
}

}  // namespace ias::p11
