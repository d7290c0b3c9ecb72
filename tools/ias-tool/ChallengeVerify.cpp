#include "ChallengeVerify.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "ExitCode.h"

namespace ias::tool {
namespace {

using Cert = std::unique_ptr<X509, decltype(&X509_free)>;
using Certs = std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)>;

void freeCerts(STACK_OF(X509) * s) {
    sk_X509_pop_free(s, X509_free);
}

Cert parse(const Bytes& der) {
    const unsigned char* p = der.data();
    Cert x(d2i_X509(nullptr, &p, static_cast<long>(der.size())), X509_free);
    if (!x || p != der.data() + der.size())
        throw ToolError(Exit::CertificateRefused, "a certificate of the response does not decode");
    return x;
}

// Every certificate of a PEM file: the verifier's trust anchors.
std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> anchors(const std::string& path) {
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(path.c_str(), "r"), BIO_free);
    if (!store || !bio) throw ToolError(Exit::InputOutput, "cannot read the anchors " + path);
    int count = 0;
    while (X509* x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        const int ok = X509_STORE_add_cert(store.get(), x);
        X509_free(x);
        if (ok != 1) throw ToolError(Exit::InputOutput, "cannot use the anchors of " + path);
        ++count;
    }
    ERR_clear_error();
    if (count == 0) throw ToolError(Exit::InputOutput, path + " holds no PEM certificate");
    return store;
}

std::string subjectOf(X509* x) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(x), 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

void verifyChain(X509* leaf, const ChallengeResponseFile& response, const std::string& anchorPath) {
    auto store = anchors(anchorPath);
    Certs untrusted(sk_X509_new_null(), freeCerts);
    for (std::size_t i = 1; i < response.certificates.size(); ++i) {
        Cert c = parse(response.certificates[i]);
        if (!sk_X509_push(untrusted.get(), c.get())) throw ToolError(Exit::Internal, "out of memory");
        c.release();
    }
    // Each certificate of the anchor file is trusted as it is, an issuing CA included.
    X509_STORE_set_flags(store.get(), X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_X509_STRICT);
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                        X509_STORE_CTX_free);
    if (!ctx || X509_STORE_CTX_init(ctx.get(), store.get(), leaf, untrusted.get()) != 1)
        throw ToolError(Exit::Internal, "cannot set up the certificate verification");
    if (X509_verify_cert(ctx.get()) != 1)
        throw ToolError(Exit::CertificateRefused,
                        "the certificate " + subjectOf(leaf) + " is refused: " +
                            X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())));
    // Authentication, not a qualified signature: digitalSignature must be there, nonRepudiation alone
    // is a signature certificate.
    if (!(X509_get_extension_flags(leaf) & EXFLAG_KUSAGE) ||
        !(X509_get_key_usage(leaf) & KU_DIGITAL_SIGNATURE))
        throw ToolError(Exit::CertificateRefused,
                        "the certificate " + subjectOf(leaf) + " has no key usage digitalSignature");
}

void verifySignature(X509* leaf, const ChallengeResponseFile& response, ByteView message) {
    EVP_PKEY* key = X509_get0_pubkey(leaf);
    const std::string& m = response.mechanism;
    const bool rsa = key && EVP_PKEY_is_a(key, "RSA");
    const bool ec = key && EVP_PKEY_is_a(key, "EC");
    if (!((m == "rsa-pkcs1-sha256" && rsa) || (m == "rsa-pss-sha256" && rsa) || (m == "ecdsa-sha256" && ec)))
        throw ToolError(Exit::SignatureRefused, "mechanism \"" + m + "\" does not fit the certificate's key");
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_PKEY_CTX* pctx = nullptr;
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, EVP_sha256(), nullptr, key) != 1)
        throw ToolError(Exit::Internal, "cannot set up the signature verification");
    if (m == "rsa-pss-sha256" && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                                  EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1))
        throw ToolError(Exit::Internal, "cannot set up RSA-PSS");
    const int ok = EVP_DigestVerify(ctx.get(), response.signature.data(), response.signature.size(),
                                    message.data(), message.size());
    ERR_clear_error();
    if (ok != 1)
        throw ToolError(Exit::SignatureRefused,
                        "the signature is not the certificate's key's over this context and challenge");
}

}  // namespace

std::string verifyResponse(const ChallengeResponseFile& response, ByteView message,
                           const std::string& anchorPath) {
    Cert leaf = parse(response.certificates.front());
    verifyChain(leaf.get(), response, anchorPath);
    verifySignature(leaf.get(), response, message);
    return subjectOf(leaf.get());
}

}  // namespace ias::tool
