// Challenge-response with the authentication key (docs/challenge-response.md): the message is built and
// hashed here, on the host; the card signs the hash through Card::sign, the one signing flow of this layer.
#include <openssl/evp.h>

#include "CardImpl.h"
#include "Der.h"
#include "ias/api/Card.h"
#include "ias/api/ChallengeResponse.h"

namespace ias::api {
namespace {

void appendLengthPrefixed(Bytes& out, ByteView part) {
    const auto n = static_cast<std::uint32_t>(part.size());
    out.insert(out.end(), {static_cast<std::uint8_t>(n >> 24), static_cast<std::uint8_t>(n >> 16),
                           static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)});
    out.insert(out.end(), part.begin(), part.end());
}

ByteView bytesOf(std::string_view s) {
    return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

Bytes sha256(ByteView data) {
    Bytes out(32);
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1 || len != 32)
        throw ApiError(ApiErrorKind::NotSupported, "SHA-256 is not available");
    return out;
}

// DigestInfo for SHA-256: the fixed DER prefix RFC 8017 §9.2 (note 1) gives, then the hash.
Bytes sha256DigestInfo(ByteView hash) {
    Bytes out{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
              0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    out.insert(out.end(), hash.begin(), hash.end());
    return out;
}

}  // namespace

Bytes challengeMessage(std::string_view context, ByteView challenge) {
    if (context.empty() || context.size() > kMaxContextBytes)
        throw ApiError(ApiErrorKind::InvalidInput,
                       "the context must be 1 to " + std::to_string(kMaxContextBytes) + " bytes");
    if (!der::wellFormedUtf8(bytesOf(context)))
        throw ApiError(ApiErrorKind::InvalidInput, "the context is not UTF-8");
    if (challenge.size() < kMinChallengeBytes || challenge.size() > kMaxChallengeBytes)
        throw ApiError(ApiErrorKind::InvalidInput, "the challenge must be " +
                                                       std::to_string(kMinChallengeBytes) + " to " +
                                                       std::to_string(kMaxChallengeBytes) + " bytes, not " +
                                                       std::to_string(challenge.size()));
    Bytes message;
    appendLengthPrefixed(message, bytesOf(kChallengeLabel));
    appendLengthPrefixed(message, bytesOf(context));
    appendLengthPrefixed(message, challenge);
    return message;
}

ChallengeSignature Card::authenticate(ByteView keyId, std::string_view context, ByteView challenge,
                                      const SecureBuffer* pin) {
    const Bytes hash = sha256(challengeMessage(context, challenge));
    application();
    const KeyInfo& key = impl_->key(keyId);
    if (key.qualified())
        throw ApiError(
            ApiErrorKind::NotSupported,
            key.label + " is a qualified signature key; challenge-response uses the authentication key");
    ChallengeSignature result;
    result.keyId = key.id;
    Bytes input;
    if (key.supports(SignMechanism::RsaPkcs1)) {
        result.mechanism = SignMechanism::RsaPkcs1;
        input = sha256DigestInfo(hash);
    } else if (key.supports(SignMechanism::RsaPssSha256)) {
        result.mechanism = SignMechanism::RsaPssSha256;
        input = hash;
    } else if (key.supports(SignMechanism::Ecdsa)) {
        result.mechanism = SignMechanism::Ecdsa;
        input = hash;
    } else {
        throw ApiError(ApiErrorKind::NotSupported,
                       key.label + " signs neither PKCS#1 v1.5, RSA-PSS nor ECDSA");
    }
    result.signature = sign(keyId, result.mechanism, input, pin);
    return result;
}

}  // namespace ias::api
