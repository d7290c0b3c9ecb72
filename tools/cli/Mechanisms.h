#pragma once
// The signature mechanisms by their command-line names, and what the tool does to the input before the
// card signs: hash it, wrap the hash in a DigestInfo, or hand the message to the card (which finishes the
// hash itself). ECDSA answers r||s; openssl wants the DER ECDSA-Sig-Value.
#include <string>
#include <string_view>
#include <vector>

#include "ias/apdu/Bytes.h"
#include "ias/api/CardModel.h"

namespace ias::tool {

struct Mechanism {
    std::string_view name;
    api::SignMechanism card;
    const char* digest;      // OpenSSL digest the tool computes over the input; nullptr: the input goes as is
    bool digestInfo;         // the tool wraps the digest in a DigestInfo (card algorithm 02, the card pads)
    std::string_view input;  // what --in holds
};

const std::vector<Mechanism>& mechanisms();
// Throws UsageError for an unknown name.
const Mechanism& mechanismNamed(std::string_view name);
// The mechanisms `key` supports, by name; the default one first.
std::vector<std::string_view> mechanismsFor(const api::KeyInfo& key);
// RSA: SHA-256 with the DigestInfo, or for a qualified signature key (always-authenticate) SHA-256
// finished by the card (PSO HASH + PSO CDS); EC: ECDSA with SHA-256.
const Mechanism& defaultMechanism(const api::KeyInfo& key);

Bytes digest(const char* name, ByteView data);
// DER DigestInfo { AlgorithmIdentifier { digest OID, NULL }, OCTET STRING hash } (RFC 8017 §9.2).
Bytes digestInfo(const char* name, ByteView hash);
// What the card gets for `data` under `m`.
Bytes cardInput(const Mechanism& m, ByteView data);
// r||s (each half the size) → DER SEQUENCE { INTEGER r, INTEGER s }.
Bytes ecdsaRawToDer(ByteView rs);

}  // namespace ias::tool
