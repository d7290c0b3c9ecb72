// The low-level SHA API is deprecated in OpenSSL 3, but it is the only one that exposes the chaining state
// after whole blocks, which is exactly what the card needs to finish the hash.
#define OPENSSL_SUPPRESS_DEPRECATED
#include "HashState.h"

#include <openssl/sha.h>

namespace ias::api::detail {
namespace {

void appendWord(Bytes& out, std::uint32_t w) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(w >> s));
}

}  // namespace

PartialHash partialHash(ShaKind kind, ByteView message) {
    PartialHash p;
    const std::size_t whole = message.size() - message.size() % 64;
    p.remainder.assign(message.begin() + static_cast<std::ptrdiff_t>(whole), message.end());
    if (whole == 0) return p;
    if (kind == ShaKind::Sha1) {
        SHA_CTX c;
        SHA1_Init(&c);
        SHA1_Update(&c, message.data(), whole);
        for (std::uint32_t w : {c.h0, c.h1, c.h2, c.h3, c.h4}) appendWord(p.state, w);
    } else {
        SHA256_CTX c;
        SHA256_Init(&c);
        SHA256_Update(&c, message.data(), whole);
        for (std::uint32_t w : c.h) appendWord(p.state, w);
    }
    const std::uint64_t bits = static_cast<std::uint64_t>(whole) * 8;
    for (int s = 56; s >= 0; s -= 8) p.state.push_back(static_cast<std::uint8_t>(bits >> s));
    return p;
}

}  // namespace ias::api::detail
