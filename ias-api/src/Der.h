#pragma once
// Internal: strict DER decoding of the ASN.1 primitives PKCS#15 uses, on top of ias::parseTlvList.
// Every function throws DerError with the element's name; the public parsers turn it into Pkcs15Error.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/Tlv.h"

namespace ias::api::der {

class DerError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& where, const std::string& reason);

inline constexpr std::uint32_t kBoolean = 0x01;
inline constexpr std::uint32_t kInteger = 0x02;
inline constexpr std::uint32_t kBitString = 0x03;
inline constexpr std::uint32_t kOctetString = 0x04;
inline constexpr std::uint32_t kNull = 0x05;
inline constexpr std::uint32_t kObjectId = 0x06;
inline constexpr std::uint32_t kEnumerated = 0x0A;
inline constexpr std::uint32_t kUtf8String = 0x0C;
inline constexpr std::uint32_t kPrintableString = 0x13;
inline constexpr std::uint32_t kGeneralizedTime = 0x18;
inline constexpr std::uint32_t kSequence = 0x30;

// Context-specific tags [n] for n < 31.
constexpr std::uint32_t contextPrimitive(unsigned n) {
    return 0x80u | n;
}
constexpr std::uint32_t contextConstructed(unsigned n) {
    return 0xA0u | n;
}

std::string tagName(std::uint32_t tag);
// An unknown CHOICE alternative that PKCS#15 lets us skip is a constructed context-specific element.
bool isContextConstructed(std::uint32_t tag);

// The elements of one constructed value, consumed in grammar order.
class Reader {
public:
    Reader(ByteView content, std::string where);
    Reader(const Tlv& constructed, std::string where) : Reader(constructed.value, std::move(where)) {}

    bool atEnd() const { return pos_ == items_.size(); }
    // The next element if it carries `tag` (an OPTIONAL component), consumed.
    std::optional<Tlv> optional(std::uint32_t tag);
    // The next element, which must carry `tag`.
    Tlv expect(std::uint32_t tag, const std::string& name);
    // The next element whatever its tag (an open type such as AlgorithmInfo.parameters).
    Tlv any(const std::string& name);
    // Extensible types ("..."): later elements are unknown extensions and are ignored.
    void skipExtensions() { pos_ = items_.size(); }
    // Types without an extension marker: nothing may follow the last known component.
    void finish() const;
    const std::string& where() const { return where_; }

private:
    std::vector<Tlv> items_;
    std::size_t pos_ = 0;
    std::string where_;
};

// INTEGER within [min, max] (minimal two's complement encoding, at most 8 bytes).
std::int64_t integer(const Tlv& tlv, std::int64_t min, std::int64_t max, const std::string& name);
std::uint32_t unsignedInteger(const Tlv& tlv, std::uint32_t max, const std::string& name);
// Reference ::= INTEGER (0..255). Old OpenSC cards wrote 0x80..0xFF as one negative byte: accepted.
std::uint32_t reference(const Tlv& tlv, const std::string& name);
bool boolean(const Tlv& tlv, const std::string& name);
// A named bit list: bit n of the ASN.1 numbering becomes (1u << n). Bits past 31 must be zero.
std::uint32_t bitField(const Tlv& tlv, const std::string& name);
Bytes octets(const Tlv& tlv, std::size_t minSize, std::size_t maxSize, const std::string& name);
// UTF8String: valid UTF-8, no NUL, at most maxBytes.
// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF; NUL is allowed.
bool wellFormedUtf8(ByteView s);
std::string utf8(const Tlv& tlv, std::size_t maxBytes, const std::string& name);
std::string printable(const Tlv& tlv, std::size_t maxBytes, const std::string& name);
// OBJECT IDENTIFIER in dotted form.
std::string objectId(const Tlv& tlv, const std::string& name);

// The top-level objects of a file: DER TLVs one after the other, then optional filling (cards allocate
// files larger than their content and fill the rest with 00 or FF). Anything else after them is an error.
std::vector<Tlv> fileObjects(ByteView file, std::size_t maxObjects);

}  // namespace ias::api::der
