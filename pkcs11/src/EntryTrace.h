#pragma once
// At debug level (IAS_ECC_LOG=debug) one log line per Cryptoki call as it returns: its name, its CK_RV and
// how long it took ("C_GetSlotInfo -> CKR 0x0 in 12.345 ms"). With the line's own timestamp and thread, the
// log alone says which call an application waited in, and for how long (docs/performance.md, "Browser
// start"). Off, it costs one relaxed load per call.
#include <chrono>

#include "Cryptoki.h"

namespace ias::p11 {

class EntryTrace {
public:
    // `function`: the exported function's name, from __builtin_FUNCTION() as a default argument (evaluated at
    // the call site); not std::source_location, which clang 14 (the fuzz build) lacks with libstdc++ 12.
    explicit EntryTrace(const char* function) noexcept;
    // Logs the line (at debug level) and gives rv back.
    CK_RV done(CK_RV rv) const noexcept;

private:
    const char* function_;  // null: debug lines are off
    std::chrono::steady_clock::time_point start_;
};

}  // namespace ias::p11
