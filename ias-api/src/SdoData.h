#pragma once
// Internal: what the card says about its security data objects (facts §3): the access rules of tag 8C,
// GET DATA requests and answers, the CRTs of a security environment, and FCPs.
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "ias/apdu/Bytes.h"

namespace ias::api::detail {

// SDO classes (the cc of BF cc rr without its 80 bit).
namespace sdo {
inline constexpr std::uint8_t kChv = 0x01;
inline constexpr std::uint8_t kKeyset = 0x0A;
inline constexpr std::uint8_t kPrivateKey = 0x10;
inline constexpr std::uint8_t kPublicKey = 0x20;
inline constexpr std::uint8_t kEnvironment = 0x7B;
}  // namespace sdo

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

// GET DATA `00 CB 3F FF` data: 4D { 70 { BF cc rr { <tag> 80 } } } (facts §3).
Bytes getDataRequest(std::uint8_t sdoClass, std::uint8_t ref, std::uint32_t tag);

// The answer 70 { BF cc rr { items } }: the DOCP (A0) and the class templates kept raw by tag.
struct SdoAnswer {
    std::optional<AccessRules> rules;          // A0 { A1 { 8C } } or A0 { 8C }
    std::optional<std::size_t> size;           // A0 { 80 } (keys: modulus bytes)
    std::optional<int> maxTries;               // 9A
    std::optional<int> triesLeft;              // 9B
    std::map<std::uint32_t, Bytes> templates;  // 7F41, 7F48, 7F49, 7B, A2 values
};
SdoAnswer parseSdoAnswer(ByteView data, std::uint8_t sdoClass, std::uint8_t ref);  // ApiError(CardContent)

// A control reference template of a security environment (7B value): 95 usage, 80 algorithm, 83/84 refs.
struct Crt {
    std::uint8_t tag = 0;
    std::optional<std::uint8_t> usage;
    std::optional<std::uint8_t> algorithm;
    std::vector<std::uint8_t> references;
};
std::vector<Crt> parseEnvironment(ByteView value7B);
const Crt* findCrt(const std::vector<Crt>& crts, std::uint8_t tag, std::uint8_t usage);

// File control parameters (62 { 80 size, 82, 83, A1 { 8C } | 8C }).
struct Fcp {
    std::size_t size = 0;
    Bytes fid;  // 83
    std::optional<AccessRules> rules;
};
Fcp parseFcp(ByteView data);  // throws ApiError(CardContent)

}  // namespace ias::api::detail
