#pragma once
// Internal: the access rules the card attaches to files and SDOs (facts §3, tag 8C): the access mode byte
// (AMB) and one security condition byte (SCB) per operation.
#include <cstdint>
#include <optional>
#include <vector>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/Tlv.h"

namespace ias::api::detail {

// AMB bits of the operations (facts §3).
namespace op {
inline constexpr std::uint8_t kEfDelete = 0x40, kEfUpdate = 0x02, kEfRead = 0x01;
inline constexpr std::uint8_t kDfDelete = 0x40, kDfCreate = 0x02;
inline constexpr std::uint8_t kChvChange = 0x40, kChvVerify = 0x20, kChvReset = 0x10, kChvPut = 0x02;
inline constexpr std::uint8_t kKeyCds = 0x40, kKeyInternalAuth = 0x20, kKeyDecipher = 0x10,
                              kKeyGenerate = 0x08, kKeyPut = 0x02;
}  // namespace op

// One security condition byte (SCB).
struct Scb {
    std::uint8_t value = 0xFF;
    bool always() const { return value == 0x00; }
    bool never() const { return value == 0xFF; }
    bool userAuthentication() const { return !never() && (value & 0x10); }
    bool secureMessaging() const { return !never() && (value & 0x40); }
    std::uint8_t environment() const { return value & 0x0F; }
};

// Tag 8C: the access mode byte, then one SCB per set bit from 0x40 down to 0x01.
class AccessRules {
public:
    AccessRules() = default;
    static AccessRules parse(ByteView value);  // throws ApiError(CardContent)
    // The rule of the operation with AMB bit `bit`; "never" when the bit is not set.
    Scb rule(std::uint8_t bit) const;
    const Bytes& bytes() const { return raw_; }

private:
    Bytes raw_;
};

// The rules among the items of an FCP or a DOCP: 8C, or A1 { 8C } (contact interface). Throws ApiError
// (CardContent) for a malformed 8C, TlvError for a malformed A1.
std::optional<AccessRules> findAccessRules(const std::vector<Tlv>& items);

}  // namespace ias::api::detail
