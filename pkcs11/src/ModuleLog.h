#pragma once
// The module's log: one line per event on stderr ("libias-pkcs11: ..."; at debug level the time since the
// module was loaded and the thread come first: "libias-pkcs11: +12.345 ms tid 4242: ..."), written with a
// single write(2) so that lines of threads do not interleave. Never give it a secret.
#include <string_view>

namespace ias::p11 {

void logLine(std::string_view text) noexcept;
// Only with IAS_ECC_LOG=debug.
void logDebug(std::string_view text) noexcept;
// Whether debug lines are written (to skip building one that would not be).
bool debugLogOn() noexcept;

// Programs that link the module's code (the hostile-card harness, which checks that every card fault is
// logged) may take the lines in-process instead of stderr; null gives stderr back. Not exported from the
// shared module, which only ever writes to stderr.
using LogSink = void (*)(std::string_view line) noexcept;
void setLogSink(LogSink sink) noexcept;
// The same programs may turn debug lines on or off whatever IAS_ECC_LOG says.
void setDebugLog(bool enabled) noexcept;

}  // namespace ias::p11
