#pragma once
// The module's log: one line per event on stderr ("libias-pkcs11: ..."), written with a single write(2) so
// that lines of threads do not interleave. Never give it a secret.
#include <string_view>

namespace ias::p11 {

void logLine(std::string_view text) noexcept;
// Only with IAS_ECC_LOG=debug.
void logDebug(std::string_view text) noexcept;

}  // namespace ias::p11
