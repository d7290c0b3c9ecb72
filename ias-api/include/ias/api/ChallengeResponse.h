#pragma once
// Challenge-response with the card's authentication key (docs/challenge-response.md): the card signs a
// verifier's random challenge bound to a context string, so that a signature made for one purpose (one
// service, one action) cannot be replayed for another. The signed message is length-prefixed and starts
// with a fixed label, so it can be read one way only and is never a valid input of another protocol.
#include <cstddef>
#include <string_view>

#include "ias/apdu/Bytes.h"
#include "ias/api/CardModel.h"

namespace ias::api {

inline constexpr std::string_view kChallengeLabel = "IAS-ECC challenge-response v1";
inline constexpr std::size_t kMinChallengeBytes = 16;
inline constexpr std::size_t kMaxChallengeBytes = 1024;
inline constexpr std::size_t kMaxContextBytes = 1024;

// The signed message: u32be(29) || kChallengeLabel || u32be(n) || context (UTF-8, 1..1024 bytes) ||
// u32be(m) || challenge (16..1024 bytes). Throws ApiError(InvalidInput) for an empty, too long or
// malformed UTF-8 context or a challenge shorter than 16 or longer than 1024 bytes.
Bytes challengeMessage(std::string_view context, ByteView challenge);

// What the card made over SHA-256(challengeMessage(...)).
struct ChallengeSignature {
    Bytes keyId;
    // RsaPkcs1: PKCS#1 v1.5 over the SHA-256 DigestInfo; RsaPssSha256: PSS, salt = 32 bytes;
    // Ecdsa: ECDSA over the SHA-256 hash, signature r || s.
    SignMechanism mechanism = SignMechanism::RsaPkcs1;
    Bytes signature;
};

}  // namespace ias::api
