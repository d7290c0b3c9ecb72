#include "AccessRules.h"

#include "ias/api/ApiError.h"

namespace ias::api::detail {

AccessRules AccessRules::parse(ByteView value) {
    if (value.empty()) throw ApiError(ApiErrorKind::CardContent, "access rules (8C) empty");
    int bits = 0;
    for (int b = 0; b < 7; ++b) bits += (value[0] >> b) & 1;
    // Cards may append rules for the contactless interface; fewer SCBs than AMB bits is malformed.
    if (value.size() < static_cast<std::size_t>(1 + bits))
        throw ApiError(ApiErrorKind::CardContent, "access rules (8C) shorter than its AMB says");
    AccessRules r;
    r.raw_.assign(value.begin(), value.begin() + 1 + bits);
    return r;
}

Scb AccessRules::rule(std::uint8_t bit) const {
    // Only the seven operation bits have an SCB (bit 80 of the AMB says something else).
    if (bit == 0 || bit > 0x40 || (bit & (bit - 1)) != 0) return Scb{0xFF};
    if (raw_.empty() || !(raw_[0] & bit)) return Scb{0xFF};
    std::size_t index = 1;
    for (std::uint8_t b = 0x40; b > bit; b >>= 1)
        if (raw_[0] & b) ++index;
    return Scb{raw_[index]};
}

std::optional<AccessRules> findAccessRules(const std::vector<Tlv>& items) {
    if (auto c = findTlv(items, 0x8C)) return AccessRules::parse(c->value);
    if (auto a1 = findTlv(items, 0xA1))
        if (auto c = findTlv(parseTlvList(a1->value), 0x8C)) return AccessRules::parse(c->value);
    return std::nullopt;
}

}  // namespace ias::api::detail
