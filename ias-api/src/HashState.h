#pragma once
// Internal: the intermediate state of SHA-1 / SHA-256 after the whole 64-byte blocks of a message, for
// on-card hash completion (facts §5: PSO HASH 90 { state || bit count } 80 { the last < 64 bytes }).
#include "ias/apdu/Bytes.h"

namespace ias::api::detail {

enum class ShaKind { Sha1, Sha256 };

struct PartialHash {
    Bytes state;      // the chaining words, big-endian, then the 8-byte big-endian count of bits hashed;
                      // empty when the message is shorter than one block
    Bytes remainder;  // the last (message length mod 64) bytes, < 64
};

PartialHash partialHash(ShaKind kind, ByteView message);

}  // namespace ias::api::detail
