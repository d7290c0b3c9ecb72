#pragma once
// Internal: the file control parameters of a SELECT answer (62 { 80 size, 82, 83 FID, A1 { 8C } | 8C }),
// all the card layer needs of a file: its size, for reads, and its access rules.
#include <optional>

#include "AccessRules.h"
#include "ias/apdu/Bytes.h"

namespace ias::api::detail {

struct Fcp {
    std::size_t size = 0;
    Bytes fid;  // 83
    std::optional<AccessRules> rules;
};

// A 62 (or 6F) template; throws ApiError(CardContent).
Fcp parseFcp(ByteView data);

// The FCP kept in the cache for a file: 62 { 80 size (two bytes, or as many as it needs), [8C rules] }.
// parseFcp gives back its size and rules.
Bytes encodeMinimalFcp(const Fcp& fcp);

}  // namespace ias::api::detail
