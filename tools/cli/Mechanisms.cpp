#include "Mechanisms.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <memory>

#include "ExitCode.h"

namespace ias::tool {

using api::SignMechanism;

const std::vector<Mechanism>& mechanisms() {
    static const std::vector<Mechanism> all = {
        {"sha256-rsa-pkcs", SignMechanism::RsaPkcs1, "SHA256", true, "the message"},
        {"sha384-rsa-pkcs", SignMechanism::RsaPkcs1, "SHA384", true, "the message"},
        {"sha512-rsa-pkcs", SignMechanism::RsaPkcs1, "SHA512", true, "the message"},
        {"sha224-rsa-pkcs", SignMechanism::RsaPkcs1, "SHA224", true, "the message"},
        {"sha1-rsa-pkcs", SignMechanism::RsaPkcs1, "SHA1", true, "the message"},
        {"rsa-pkcs", SignMechanism::RsaPkcs1, nullptr, false, "a DER DigestInfo"},
        {"sha256-rsa-pkcs-card", SignMechanism::RsaPkcs1Sha256, nullptr, false,
         "the message (the card finishes SHA-256)"},
        {"sha1-rsa-pkcs-card", SignMechanism::RsaPkcs1Sha1, nullptr, false,
         "the message (the card finishes SHA-1)"},
        {"sha256-rsa-pss", SignMechanism::RsaPssSha256, "SHA256", false, "the message"},
        {"sha384-rsa-pss", SignMechanism::RsaPssSha384, "SHA384", false, "the message"},
        {"sha512-rsa-pss", SignMechanism::RsaPssSha512, "SHA512", false, "the message"},
        {"ecdsa-sha256", SignMechanism::Ecdsa, "SHA256", false, "the message"},
        {"ecdsa-sha384", SignMechanism::Ecdsa, "SHA384", false, "the message"},
        {"ecdsa-sha512", SignMechanism::Ecdsa, "SHA512", false, "the message"},
        {"ecdsa", SignMechanism::Ecdsa, nullptr, false, "a hash"},
    };
    return all;
}

const Mechanism& mechanismNamed(std::string_view name) {
    for (const Mechanism& m : mechanisms())
        if (m.name == name) return m;
    std::string names;
    for (const Mechanism& m : mechanisms()) names += (names.empty() ? "" : ", ") + std::string(m.name);
    throw UsageError("unknown mechanism \"" + std::string(name) + "\" (known: " + names + ")");
}

const Mechanism& defaultMechanism(const api::KeyInfo& key) {
    if (key.type == api::KeyType::Ec) return mechanismNamed("ecdsa-sha256");
    // A qualified signature key signs by the card's own signature path (MSE SET B6, PSO HASH, PSO CDS),
    // which spends the PIN verification; the DigestInfo path goes through INTERNAL AUTHENTICATE.
    if (key.alwaysAuthenticate && key.supports(api::SignMechanism::RsaPkcs1Sha256))
        return mechanismNamed("sha256-rsa-pkcs-card");
    return mechanismNamed("sha256-rsa-pkcs");
}

std::vector<std::string_view> mechanismsFor(const api::KeyInfo& key) {
    std::vector<std::string_view> names;
    if (key.supports(defaultMechanism(key).card)) names.push_back(defaultMechanism(key).name);
    for (const Mechanism& m : mechanisms())
        if (key.supports(m.card) && m.name != defaultMechanism(key).name) names.push_back(m.name);
    return names;
}

Bytes digest(const char* name, ByteView data) {
    const EVP_MD* md = EVP_get_digestbyname(name);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!md || EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1)
        throw ToolError(Exit::Internal, std::string("digest ") + name + " failed");
    return Bytes(out, out + len);
}

Bytes digestInfo(const char* name, ByteView hash) {
    // Encoded by OpenSSL from the digest's OID, so no hand-written prefix tables.
    std::unique_ptr<X509_SIG, decltype(&X509_SIG_free)> sig(X509_SIG_new(), X509_SIG_free);
    X509_ALGOR* alg = nullptr;
    ASN1_OCTET_STRING* value = nullptr;
    X509_SIG_getm(sig.get(), &alg, &value);
    const EVP_MD* md = EVP_get_digestbyname(name);
    if (!md || X509_ALGOR_set0(alg, OBJ_nid2obj(EVP_MD_get_type(md)), V_ASN1_NULL, nullptr) != 1 ||
        ASN1_OCTET_STRING_set(value, hash.data(), static_cast<int>(hash.size())) != 1)
        throw ToolError(Exit::Internal, "cannot build the DigestInfo");
    unsigned char* der = nullptr;
    const int len = i2d_X509_SIG(sig.get(), &der);
    if (len <= 0) throw ToolError(Exit::Internal, "cannot encode the DigestInfo");
    Bytes out(der, der + len);
    OPENSSL_free(der);
    return out;
}

Bytes cardInput(const Mechanism& m, ByteView data) {
    if (!m.digest) return Bytes(data.begin(), data.end());
    const Bytes hash = digest(m.digest, data);
    return m.digestInfo ? digestInfo(m.digest, hash) : hash;
}

Bytes ecdsaRawToDer(ByteView rs) {
    if (rs.empty() || rs.size() % 2 != 0)
        throw ToolError(Exit::CardError, "the card's ECDSA signature has an odd length");
    const int half = static_cast<int>(rs.size() / 2);
    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), ECDSA_SIG_free);
    BIGNUM* r = BN_bin2bn(rs.data(), half, nullptr);
    BIGNUM* s = BN_bin2bn(rs.data() + half, half, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        throw ToolError(Exit::Internal, "cannot encode the ECDSA signature");
    }
    unsigned char* der = nullptr;
    const int len = i2d_ECDSA_SIG(sig.get(), &der);
    if (len <= 0) throw ToolError(Exit::Internal, "cannot encode the ECDSA signature");
    Bytes out(der, der + len);
    OPENSSL_free(der);
    return out;
}

}  // namespace ias::tool
