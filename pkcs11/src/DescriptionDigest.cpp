#include "DescriptionDigest.h"

#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace ias::p11 {
namespace {

// Field by field, each with its length, into one digest. A field added to the description structs must be
// added here too: DescriptionDigestTest changes each field and expects another digest.
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
        f.number(t.certificates.size());
        for (const CertificateInfo& c : t.certificates) {
            f.common(c);
            f.bin(c.der);
            f.number(c.authority);
            f.number(c.trusted);
        }
        f.number(t.privateKeys.size());
        for (const PrivateKeyInfo& k : t.privateKeys) {
            f.publicKey(k);
            f.number(k.ref);
            f.number(k.sign);
            f.number(k.decrypt);
            f.number(k.alwaysAuthenticate);
            f.number(k.needsLogin);
            f.number(k.algorithms.rsaPkcs1Raw);
            f.hashes(k.algorithms.rsaPkcs1);
            f.hashes(k.algorithms.rsaPss);
            f.number(k.algorithms.ecdsaRaw);
            f.hashes(k.algorithms.ecdsa);
        }
        f.number(t.publicKeys.size());
        for (const PublicKeyInfo& k : t.publicKeys) f.publicKey(k);
    }
    return f.hex();
}

}  // namespace ias::p11
