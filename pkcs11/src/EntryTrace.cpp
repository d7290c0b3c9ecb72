#include "EntryTrace.h"

#include <cstdio>

#include "ModuleLog.h"

namespace ias::p11 {

EntryTrace::EntryTrace(const char* function) noexcept
    : function_(debugLogOn() ? function : nullptr),
      start_(function_ != nullptr ? std::chrono::steady_clock::now()
                                  : std::chrono::steady_clock::time_point{}) {}

CK_RV EntryTrace::done(CK_RV rv) const noexcept {
    if (function_ == nullptr) return rv;
    const auto us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start_)
            .count();
    char line[160];
    std::snprintf(line, sizeof line, "%s -> CKR 0x%lx in %lld.%03lld ms", function_,
                  static_cast<unsigned long>(rv), static_cast<long long>(us / 1000),
                  static_cast<long long>(us % 1000));
    logDebug(line);
    return rv;
}

}  // namespace ias::p11
