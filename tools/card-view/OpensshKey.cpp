// The OpenSSH public-key line of a certificate's key (RFC 4253 §6.6 for ssh-rsa, RFC 5656 §3.1 for
// ecdsa-sha2-*). Written here because neither OpenSSL nor any Debian library with a stable API turns an
// OpenSSL key into this format (libssh's key import goes through its own file formats).
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "CertificateFiles.h"

namespace ias::cardview {
namespace {

void putString(Bytes& out, ByteView data) {
    const std::size_t n = data.size();
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(n >> shift));
    out.insert(out.end(), data.begin(), data.end());
}

void putString(Bytes& out, const std::string& text) {
    putString(out, ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

// mpint: big-endian, no leading zero octets, one 00 in front when the high bit is set (a positive number).
void putMpint(Bytes& out, EVP_PKEY* key, const char* name) {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1)
        throw std::invalid_argument("RSA key without its numbers");
    std::unique_ptr<BIGNUM, decltype(&BN_free)> owned(bn, BN_free);
    Bytes value(static_cast<std::size_t>(BN_num_bytes(bn)));
    BN_bn2bin(bn, value.data());
    if (!value.empty() && (value.front() & 0x80)) value.insert(value.begin(), 0x00);
    putString(out, value);
}

std::string curveName(EVP_PKEY* key) {
    char group[64] = {};
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, nullptr) != 1)
        throw std::invalid_argument("EC key without a named curve");
    const std::string g = group;
    if (g == "prime256v1" || g == "P-256") return "nistp256";
    if (g == "secp384r1" || g == "P-384") return "nistp384";
    if (g == "secp521r1" || g == "P-521") return "nistp521";
    throw std::invalid_argument("curve " + g + " has no OpenSSH name");
}

}  // namespace

std::string opensshPublicKey(ByteView der, const std::string& comment) {
    const unsigned char* p = der.data();
    std::unique_ptr<X509, decltype(&X509_free)> x(d2i_X509(nullptr, &p, static_cast<long>(der.size())),
                                                  X509_free);
    if (!x) throw std::invalid_argument("not an X.509 certificate");
    EVP_PKEY* key = X509_get0_pubkey(x.get());
    if (key == nullptr) throw std::invalid_argument("the certificate's public key does not decode");
    std::string type;
    Bytes blob;
    if (EVP_PKEY_is_a(key, "RSA")) {
        type = "ssh-rsa";
        putString(blob, type);
        putMpint(blob, key, OSSL_PKEY_PARAM_RSA_E);
        putMpint(blob, key, OSSL_PKEY_PARAM_RSA_N);
    } else if (EVP_PKEY_is_a(key, "EC")) {
        const std::string curve = curveName(key);
        type = "ecdsa-sha2-" + curve;
        std::size_t length = 0;
        if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, nullptr, 0, &length) !=
            1)
            throw std::invalid_argument("EC key without its point");
        Bytes point(length);
        EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point.data(), point.size(),
                                        &length);
        putString(blob, type);
        putString(blob, curve);
        putString(blob, point);
    } else {
        throw std::invalid_argument("OpenSSH takes RSA and EC keys only");
    }
    std::string base64(4 * ((blob.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(base64.data()), blob.data(),
                                  static_cast<int>(blob.size()));
    base64.resize(static_cast<std::size_t>(n));
    return type + " " + base64 + (comment.empty() ? "" : " " + comment) + "\n";
}

}  // namespace ias::cardview
