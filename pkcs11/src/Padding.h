#pragma once
// Cryptoki's fixed-size, blank-padded text fields.
#include <cstddef>
#include <cstring>
#include <string>

namespace ias::p11 {

// Copies `text` into `field` of `size` bytes, blank-padded, never cutting a UTF-8 sequence in half.
inline void padField(unsigned char* field, std::size_t size, const std::string& text) {
    std::memset(field, ' ', size);
    std::size_t n = text.size() <= size ? text.size() : size;
    if (n < text.size())
        while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // continuation byte
    std::memcpy(field, text.data(), n);
}

}  // namespace ias::p11
