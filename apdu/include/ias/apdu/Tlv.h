#pragma once
// Strict BER-TLV (ISO 7816-4 / X.690 subset used by smart cards): tags of 1..3 bytes, definite lengths of
// up to 4 bytes. Parsing is bounds-checked and rejects truncated data, indefinite lengths, lengths that run
// past the buffer and (in DER mode) non-minimal length encodings.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

#include "ias/apdu/Bytes.h"

namespace ias {

class TlvError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class TlvMode { Ber, Der };

// A view of one TLV inside a buffer that outlives it.
struct Tlv {
    std::uint32_t tag = 0;  // tag bytes as a big-endian number: 0x5A, 0x7F41, 0xBF8101
    ByteView value;         // the value bytes
    ByteView encoded;       // tag + length + value
    bool constructed() const;
    // The children of a constructed TLV (throws TlvError if the value is not a complete TLV list).
    std::vector<Tlv> children(TlvMode mode = TlvMode::Ber) const;
};

bool isConstructedTag(std::uint32_t tag);

// Parses the TLV that starts at `offset`, advances `offset` past it. Throws TlvError.
Tlv parseTlv(ByteView data, std::size_t& offset, TlvMode mode = TlvMode::Ber);
// Parses exactly one TLV that fills `data` completely.
Tlv parseSingleTlv(ByteView data, TlvMode mode = TlvMode::Ber);
// Parses a sequence of TLVs that fills `data` completely.
std::vector<Tlv> parseTlvList(ByteView data, TlvMode mode = TlvMode::Ber);

// First TLV with `tag` in a list, if any.
std::optional<Tlv> findTlv(const std::vector<Tlv>& list, std::uint32_t tag);

// Encoding.
void appendTag(Bytes& out, std::uint32_t tag);
void appendLength(Bytes& out, std::size_t length);  // minimal (DER) form
Bytes encodeTlv(std::uint32_t tag, ByteView value);
inline void appendTlv(Bytes& out, std::uint32_t tag, ByteView value) {
    append(out, encodeTlv(tag, value));
}

}  // namespace ias
