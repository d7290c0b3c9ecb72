#pragma once
// Internal: the pieces of PKCS#15 grammar shared by several directory files.
#include <optional>
#include <string>
#include <utility>

#include "Der.h"
#include "ias/api/Pkcs15Error.h"
#include "ias/api/Pkcs15Types.h"

namespace ias::api::p15 {

// Limits against absurd content (PKCS#15 upper bounds where it has them).
inline constexpr std::size_t kMaxLabel = 255;       // pkcs15-ub-label
inline constexpr std::size_t kMaxIdentifier = 255;  // pkcs15-ub-identifier
inline constexpr std::size_t kMaxPathBytes = 16;    // eight file identifiers
inline constexpr std::uint32_t kMaxIndex = 65535;   // pkcs15-ub-index
inline constexpr std::size_t kMaxObjectsPerFile = 256;

// Path ::= SEQUENCE { path OCTET STRING, index INTEGER OPTIONAL, length [0] INTEGER OPTIONAL }, plus OpenSC's
// pathExtended [1] { aid [APPLICATION 15], path OCTET STRING }. `allowEmpty` accepts `30 00` (no file: keys
// kept as SDOs on IAS-ECC, as OpenSC's EMPTY_ALLOWED does).
Path parsePath(const Tlv& sequence, const std::string& where, bool allowEmpty = false);

CommonObjectAttributes parseCommonObjectAttributes(const Tlv& sequence, const std::string& where);
CommonKeyAttributes parseCommonKeyAttributes(const Tlv& sequence, const std::string& where);

// PKCS15Object ::= SEQUENCE { commonObjectAttributes, classAttributes, subClassAttributes [0] OPTIONAL,
// typeAttributes [1] }. The object's own tag is the CHOICE alternative (30, A0 ...), its content this list.
struct ObjectParts {
    CommonObjectAttributes common;
    Tlv classAttributes;
    std::optional<Tlv> subClassAttributes;
    Tlv typeAttributes;  // the SEQUENCE inside the explicit [1]
};
ObjectParts splitObject(const Tlv& object, const std::string& where);

// The value inside an explicit tag: exactly one element with `innerTag`.
Tlv unwrapExplicit(const Tlv& outer, std::uint32_t innerTag, const std::string& where);

// Runs a parser over a whole file and turns every decoding failure into Pkcs15Error(fileName, reason).
template <typename F>
auto guarded(const char* fileName, F&& parse) -> decltype(parse()) {
    try {
        return parse();
    } catch (const der::DerError& e) {
        throw Pkcs15Error(fileName, e.what());
    } catch (const TlvError& e) {
        throw Pkcs15Error(fileName, e.what());
    }
}

inline std::string objectWhere(std::size_t index) {
    return "object " + std::to_string(index);
}

}  // namespace ias::api::p15
