#pragma once
// How SDOs are addressed and shown: the "BF cc rr" header that GET DATA, PUT DATA and GENERATE carry,
// and the DOCP (A0) and public templates (7F41, 7F49, 7B) the card answers with (ias-ecc-card-facts.md §3).
#include <cstdint>

#include "ias/apdu/Bytes.h"
#include "vcard/CardModel.h"

namespace ias::vcard {

struct SdoAddress {
    std::uint8_t sdoClass = 0;  // without the 0x80 bit
    std::uint8_t ref = 0;       // 1..31
    ByteView content;           // what follows the header's length
};

// Accepts [4D L] [70 L] BF cc rr L content. Throws StatusError(6A80) on anything else.
SdoAddress parseSdoAddress(ByteView data);
// 70 L BF cc rr L content
Bytes sdoResponse(std::uint8_t sdoClass, std::uint8_t ref, ByteView content);

Bytes chvDocp(const Chv& chv);
Bytes chvTemplate(const Chv& chv);  // 7F41 { 80 max, 81 min }
Bytes privateKeyDocp(const KeyPair& key);
Bytes publicKeyDocp(const KeyPair& key);
Bytes publicKeyTemplate(const KeyPair& key);  // 7F49 { 81 n, 82 e } (RSA) or { 86 point } (EC)
Bytes keysetDocp(const Keyset& keyset);
Bytes environmentDocp(const SecurityEnvironment& se);
Bytes environmentTemplate(const SecurityEnvironment& se);  // 7B { CRTs }

}  // namespace ias::vcard
