#pragma once
// Plain byte strings for public data (never secrets: those live in SecureBuffer).
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ias {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Upper-case hex, optionally with a separator between bytes ("3F 00").
std::string toHex(ByteView bytes, std::string_view separator = "");

// Accepts upper/lower case hex, ignoring spaces and colons. Throws std::invalid_argument on anything else
// or an odd number of digits.
Bytes fromHex(std::string_view hex);

inline ByteView view(const Bytes& b) {
    return ByteView(b.data(), b.size());
}

// Appends `tail` to `out`.
inline void append(Bytes& out, ByteView tail) {
    out.insert(out.end(), tail.begin(), tail.end());
}

// Big-endian helpers.
inline void appendU16(Bytes& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}

}  // namespace ias
