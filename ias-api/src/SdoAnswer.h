#pragma once
// Internal: what the card says about its security data objects (facts §3): GET DATA requests, their
// answers (the DOCP and the class templates), and what the layer reads in those templates: the PIN lengths
// of a CHV (7F41), an RSA public key (7F49), the CRTs of a security environment (7B).
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "AccessRules.h"
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

// A CHV's 7F41 value: 80 maximum and 81 minimum PIN length, each kept only when it is one byte.
struct ChvLengths {
    std::optional<std::uint8_t> max;
    std::optional<std::uint8_t> min;
    // min = max on the card: the PIN is padded with FF to that length (facts §3).
    bool cardPads() const { return max && min && *max == *min; }
};
ChvLengths parseChvLengths(ByteView value7F41);  // throws ApiError(CardContent)

// An RSA public key's 7F49 value: 81 modulus (leading zero bytes dropped), 82 exponent. Nullopt when either
// is missing or the modulus is empty. Throws ApiError(CardContent) for malformed TLVs.
struct RsaPublicValues {
    Bytes modulus;
    Bytes exponent;
};
std::optional<RsaPublicValues> parseRsaPublicKey(ByteView value7F49);

// A control reference template of a security environment (7B value): 95 usage, 80 algorithm, 83/84 refs.
struct Crt {
    std::uint8_t tag = 0;
    std::optional<std::uint8_t> usage;
    std::optional<std::uint8_t> algorithm;
    std::vector<std::uint8_t> references;
};
std::vector<Crt> parseEnvironment(ByteView value7B);  // throws ApiError(CardContent)
const Crt* findCrt(const std::vector<Crt>& crts, std::uint8_t tag, std::uint8_t usage);

}  // namespace ias::api::detail
