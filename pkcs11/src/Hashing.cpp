#include "Hashing.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>

#include "CkError.h"

namespace ias::p11 {
namespace {

constexpr std::array<std::uint8_t, 15> kSha1Prefix = {0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e,
                                                      0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14};
constexpr std::array<std::uint8_t, 19> kSha224Prefix = {0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                                        0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                                        0x04, 0x05, 0x00, 0x04, 0x1c};
constexpr std::array<std::uint8_t, 19> kSha256Prefix = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                                        0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                                        0x01, 0x05, 0x00, 0x04, 0x20};
constexpr std::array<std::uint8_t, 19> kSha384Prefix = {0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                                        0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                                        0x02, 0x05, 0x00, 0x04, 0x30};
constexpr std::array<std::uint8_t, 19> kSha512Prefix = {0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                                        0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                                        0x03, 0x05, 0x00, 0x04, 0x40};

constexpr HashAlg kAll[] = {HashAlg::Sha1, HashAlg::Sha224, HashAlg::Sha256, HashAlg::Sha384,
                            HashAlg::Sha512};

}  // namespace

const EVP_MD* evpDigest(HashAlg alg) {
    switch (alg) {
        case HashAlg::Sha1:
            return EVP_sha1();
        case HashAlg::Sha224:
            return EVP_sha224();
        case HashAlg::Sha256:
            return EVP_sha256();
        case HashAlg::Sha384:
            return EVP_sha384();
        case HashAlg::Sha512:
            return EVP_sha512();
    }
    return nullptr;
}

std::size_t hashLength(HashAlg alg) {
    switch (alg) {
        case HashAlg::Sha1:
            return 20;
        case HashAlg::Sha224:
            return 28;
        case HashAlg::Sha256:
            return 32;
        case HashAlg::Sha384:
            return 48;
        case HashAlg::Sha512:
            return 64;
    }
    return 0;
}

ByteView digestInfoPrefix(HashAlg alg) {
    switch (alg) {
        case HashAlg::Sha1:
            return kSha1Prefix;
        case HashAlg::Sha224:
            return kSha224Prefix;
        case HashAlg::Sha256:
            return kSha256Prefix;
        case HashAlg::Sha384:
            return kSha384Prefix;
        case HashAlg::Sha512:
            return kSha512Prefix;
    }
    return {};
}

Bytes digestInfo(HashAlg alg, ByteView hash) {
    Bytes out(digestInfoPrefix(alg).begin(), digestInfoPrefix(alg).end());
    append(out, hash);
    return out;
}

std::optional<HashAlg> hashOfDigestInfo(ByteView input) {
    for (HashAlg alg : kAll) {
        ByteView prefix = digestInfoPrefix(alg);
        if (input.size() == prefix.size() + hashLength(alg) &&
            std::equal(prefix.begin(), prefix.end(), input.begin()))
            return alg;
    }
    return std::nullopt;
}

std::optional<HashAlg> hashOfLength(std::size_t length) {
    for (HashAlg alg : kAll)
        if (hashLength(alg) == length) return alg;
    return std::nullopt;
}

struct Hasher::Context {
    EVP_MD_CTX* md = nullptr;
    ~Context() { EVP_MD_CTX_free(md); }
};

Hasher::Hasher(HashAlg alg) : alg_(alg), ctx_(std::make_unique<Context>()) {
    ctx_->md = EVP_MD_CTX_new();
    if (ctx_->md == nullptr) fail(CKR_HOST_MEMORY);
    if (EVP_DigestInit_ex(ctx_->md, evpDigest(alg), nullptr) != 1) fail(CKR_GENERAL_ERROR);
}

Hasher::~Hasher() = default;

void Hasher::update(ByteView data) {
    if (!data.empty() && EVP_DigestUpdate(ctx_->md, data.data(), data.size()) != 1) fail(CKR_GENERAL_ERROR);
}

Bytes Hasher::finish() {
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(ctx_->md, out.data(), &len) != 1) fail(CKR_GENERAL_ERROR);
    out.resize(len);
    return out;
}

}  // namespace ias::p11
