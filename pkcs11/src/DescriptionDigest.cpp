#include "DescriptionDigest.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace ias::p11 {
namespace {

// A field the digest misses would let the helper's verdict confirm content that differs in it: a tripwire
// for the 64-bit build (Debian amd64, the package's), so that adding a field fails here until it is fed
// below.
static_assert(
    sizeof(void*) != 8 ||
        (sizeof(CardDescription) == 128 && sizeof(TokenDescription) == 128 && sizeof(CertificateInfo) == 96 &&
         sizeof(PublicKeyInfo) == 176 && sizeof(PrivateKeyInfo) == 272 && sizeof(SignAlgorithms) == 88 &&
         sizeof(ObjectCommon) == 64),
    "a description struct changed: feed every field to descriptionDigest(), then update these sizes");

// Field by field, each with its length, into one digest.
class Feed {
public:
    Feed() : ctx_(EVP_MD_CTX_new(), EVP_MD_CTX_free) {
        if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
            throw std::runtime_error("SHA-256 unavailable");
    }
    void raw(const void* p, std::size_t n) { EVP_DigestUpdate(ctx_.get(), p, n); }
    void number(std::uint64_t v) {
        unsigned char b[8];
        for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
        raw(b, sizeof b);
    }
    void bytes(const void* p, std::size_t n) {
        number(n);
        raw(p, n);
    }
    void text(const std::string& s) { bytes(s.data(), s.size()); }
    void bin(const Bytes& b) { bytes(b.data(), b.size()); }
    void hashes(const std::vector<HashAlg>& v) {
        number(v.size());
        for (HashAlg h : v) number(static_cast<std::uint64_t>(h));
    }
    void common(const ObjectCommon& o) {
        bin(o.id);
        text(o.label);
        number(o.hiddenUntilLogin);
    }
    void publicKey(const PublicKeyInfo& k) {
        common(k);
        number(static_cast<std::uint64_t>(k.kind));
        number(k.bits);
        bin(k.modulus);
        bin(k.publicExponent);
        bin(k.ecParams);
        bin(k.ecPoint);
        number(k.local);
        number(k.encrypt);
        number(k.verify);
    }
    void certificate(const CertificateInfo& c) {
        common(c);
        bin(c.der);
        number(c.authority);
        number(c.trusted);
    }
    void privateKey(const PrivateKeyInfo& k) {
        publicKey(k);
        number(k.ref);
        for (bool b : {k.sign, k.decrypt, k.alwaysAuthenticate, k.needsLogin, k.algorithms.rsaPkcs1Raw,
                       k.algorithms.ecdsaRaw})
            number(b);
        hashes(k.algorithms.rsaPkcs1);
        hashes(k.algorithms.rsaPss);
        hashes(k.algorithms.ecdsa);
    }
    // A list: its length, then each element.
    template <typename T>
    void each(const std::vector<T>& items, void (Feed::*one)(const T&)) {
        number(items.size());
        for (const T& item : items) (this->*one)(item);
    }
    std::string hex() {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int n = 0;
        EVP_DigestFinal_ex(ctx_.get(), md, &n);
        static const char* digits = "0123456789abcdef";
        std::string out;
        for (unsigned int i = 0; i < n; ++i) {
            out += digits[md[i] >> 4];
            out += digits[md[i] & 15];
        }
        return out;
    }

private:
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

}  // namespace

std::string descriptionDigest(const CardDescription& d) {
    Feed f;
    f.text(d.manufacturer);
    f.text(d.model);
    f.text(d.serialNumber);
    for (std::uint8_t v : {d.hardwareMajor, d.hardwareMinor, d.firmwareMajor, d.firmwareMinor}) f.number(v);
    f.number(d.tokens.size());
    for (const TokenDescription& t : d.tokens) {
        f.number(static_cast<std::uint64_t>(t.role));
        f.text(t.label);
        f.number(t.userPin);
        f.number(t.soPin ? 1 + static_cast<std::uint64_t>(*t.soPin) : 0);
        f.each(t.certificates, &Feed::certificate);
        f.each(t.privateKeys, &Feed::privateKey);
        f.each(t.publicKeys, &Feed::publicKey);
    }
    return f.hex();
}

}  // namespace ias::p11
