#pragma once
// On-card completion of a hash the host started (PSO HASH, ias-ecc-card-facts.md §5): the host sends the
// intermediate SHA state (the chaining words, big-endian) and the 8-byte big-endian count of bits already
// hashed in whole 64-byte blocks, then the remaining (< 64) bytes; the card finishes the hash.
#include "ias/apdu/Bytes.h"
#include "vcard/SecurityState.h"

namespace ias::vcard {

std::size_t digestSize(DigestAlgorithm alg);
// `state` is empty (nothing hashed yet) or the chaining words || bit count. Throws StatusError(6A80)
// when the sizes do not fit the algorithm.
Bytes completeHash(DigestAlgorithm alg, ByteView state, ByteView remaining);
Bytes hashAll(DigestAlgorithm alg, ByteView data);
// DER DigestInfo prefix + digest (PKCS#1 v1.5).
Bytes digestInfo(DigestAlgorithm alg, ByteView digest);

}  // namespace ias::vcard
