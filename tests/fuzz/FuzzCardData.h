#pragma once
// For the targets of the card layer's own parsers (ias-api/src): malformed card data must end in
// ApiError(CardContent); another kind, another exception, a sanitizer report, a crash or a hang is a finding.
#include "ias/api/ApiError.h"

namespace ias::fuzz {

template <typename F>
void expectParsedOrCardContentError(F&& parse) {
    try {
        parse();
    } catch (const ias::api::ApiError& e) {
        if (e.kind() != ias::api::ApiErrorKind::CardContent) __builtin_trap();
    }
}

// The seven AMB bits an access rule has an SCB for, and one it has none for.
inline constexpr std::uint8_t kAccessModeBits[] = {0x40, 0x20, 0x10, 0x08, 0x04, 0x02, 0x01, 0x80};

}  // namespace ias::fuzz
