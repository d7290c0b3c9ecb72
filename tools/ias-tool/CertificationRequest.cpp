#include "CertificationRequest.h"

#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <memory>

#include "ExitCode.h"
#include "PublicKeys.h"

namespace ias::tool {
namespace {

using Request = std::unique_ptr<X509_REQ, decltype(&X509_REQ_free)>;
using Name = std::unique_ptr<X509_NAME, decltype(&X509_NAME_free)>;

Name parseSubject(const std::string& text) {
    if (text.size() < 2 || text[0] != '/')
        throw UsageError("--subject looks like \"/CN=Name/O=Organisation\"");
    Name name(X509_NAME_new(), X509_NAME_free);
    std::string field;
    auto addField = [&] {
        const auto eq = field.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == field.size())
            throw UsageError("--subject: \"" + field + "\" is not TYPE=value");
        const std::string type = field.substr(0, eq), value = field.substr(eq + 1);
        if (X509_NAME_add_entry_by_txt(name.get(), type.c_str(), MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0) != 1)
            throw UsageError("--subject: unknown attribute type \"" + type + "\" or bad value");
        field.clear();
    };
    for (std::size_t i = 1; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            field += text[++i];
        } else if (text[i] == '/') {
            addField();
        } else {
            field += text[i];
        }
    }
    addField();
    return name;
}

// DER tag and length in front of `content`.
Bytes derWrap(std::uint8_t tag, ByteView content) {
    Bytes out{tag};
    const std::size_t n = content.size();
    if (n < 0x80) {
        out.push_back(static_cast<std::uint8_t>(n));
    } else {
        Bytes len;
        for (std::size_t v = n; v; v >>= 8) len.insert(len.begin(), static_cast<std::uint8_t>(v));
        out.push_back(static_cast<std::uint8_t>(0x80 | len.size()));
        append(out, len);
    }
    append(out, content);
    return out;
}

Bytes algorithmIdentifier(int nid, bool rsa) {
    std::unique_ptr<X509_ALGOR, decltype(&X509_ALGOR_free)> alg(X509_ALGOR_new(), X509_ALGOR_free);
    // RSA signature algorithms carry an explicit NULL; ECDSA ones no parameters (RFC 4055, RFC 5758).
    if (!alg || X509_ALGOR_set0(alg.get(), OBJ_nid2obj(nid), rsa ? V_ASN1_NULL : V_ASN1_UNDEF, nullptr) != 1)
        throw ToolError(Exit::Internal, "cannot build the signature algorithm");
    unsigned char* der = nullptr;
    const int len = i2d_X509_ALGOR(alg.get(), &der);
    if (len <= 0) throw ToolError(Exit::Internal, "cannot encode the signature algorithm");
    Bytes out(der, der + len);
    OPENSSL_free(der);
    return out;
}

int signatureNid(const api::PublicKey& key, const char* digest) {
    const EVP_MD* md = EVP_get_digestbyname(digest);
    int nid = NID_undef;
    if (!md || OBJ_find_sigid_by_algs(
                   &nid, EVP_MD_get_type(md),
                   key.type == api::KeyType::Rsa ? NID_rsaEncryption : NID_X9_62_id_ecPublicKey) != 1)
        throw UsageError(std::string("no signature algorithm for ") + digest);
    return nid;
}

}  // namespace

Bytes makeCertificationRequest(const api::PublicKey& key, const std::string& subject, const char* digest,
                               const RequestSigner& sign) {
    const EvpKey pub = toEvpKey(key);
    const int nid = signatureNid(key, digest);
    Request req(X509_REQ_new(), X509_REQ_free);
    const Name name = parseSubject(subject);
    if (!req || X509_REQ_set_version(req.get(), 0) != 1 ||
        X509_REQ_set_subject_name(req.get(), name.get()) != 1 ||
        X509_REQ_set_pubkey(req.get(), pub.get()) != 1)
        throw ToolError(Exit::Internal, "cannot build the certification request");

    unsigned char* tbs = nullptr;
    const int tbsLen = i2d_re_X509_REQ_tbs(req.get(), &tbs);
    if (tbsLen <= 0) throw ToolError(Exit::Internal, "cannot encode the CertificationRequestInfo");
    Bytes info(tbs, tbs + tbsLen);
    OPENSSL_free(tbs);

    // CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature BIT STRING
    // }
    const Bytes signature = sign(info);
    Bytes bits{0x00};  // no unused bits
    append(bits, signature);
    Bytes body = info;
    append(body, algorithmIdentifier(nid, key.type == api::KeyType::Rsa));
    append(body, derWrap(0x03, bits));
    const Bytes der = derWrap(0x30, body);

    // The card's signature must verify with the key the request names, or the request is worthless.
    const unsigned char* p = der.data();
    Request check(d2i_X509_REQ(nullptr, &p, static_cast<long>(der.size())), X509_REQ_free);
    if (!check || p != der.data() + der.size() || X509_REQ_verify(check.get(), pub.get()) != 1)
        throw ToolError(Exit::CardError, "the card's signature over the request does not verify");
    return der;
}

}  // namespace ias::tool
