#include "SignatureAlgorithm.h"

#include <openssl/objects.h>
#include <openssl/rsa.h>

namespace ias::sign {
namespace {

using PssParamsPtr = std::unique_ptr<RSA_PSS_PARAMS, OsslDeleter<RSA_PSS_PARAMS, RSA_PSS_PARAMS_free>>;
using AlgorPtr = std::unique_ptr<X509_ALGOR, OsslDeleter<X509_ALGOR, X509_ALGOR_free>>;

// "SHA-256" for messages; the digest's short name for others.
std::string hashName(const EVP_MD* md) {
    if (!md) return "?";
    switch (EVP_MD_get_type(md)) {
        case NID_sha1:
            return "SHA-1";
        case NID_sha256:
            return "SHA-256";
        case NID_sha384:
            return "SHA-384";
        case NID_sha512:
            return "SHA-512";
        default:
            return OBJ_nid2sn(EVP_MD_get_type(md));
    }
}

std::string objectName(const ASN1_OBJECT* oid) {
    char text[80] = "?";
    OBJ_obj2txt(text, sizeof text, oid, 0);
    return text;
}

// An AlgorithmIdentifier carried as a parameter (MGF1's hash), decoded; null when it is not one.
AlgorPtr algorithmParameter(const X509_ALGOR* alg) {
    int type = 0;
    const void* value = nullptr;
    X509_ALGOR_get0(nullptr, &type, &value, alg);
    if (type != V_ASN1_SEQUENCE) return nullptr;
    return AlgorPtr(static_cast<X509_ALGOR*>(
        ASN1_item_unpack(static_cast<const ASN1_STRING*>(value), ASN1_ITEM_rptr(X509_ALGOR))));
}

const EVP_MD* digestOf(const X509_ALGOR* alg) {
    const ASN1_OBJECT* oid = nullptr;
    X509_ALGOR_get0(&oid, nullptr, nullptr, alg);
    return EVP_get_digestbyobj(oid);
}

// id-RSASSA-PSS's parameters against the signer's digest `md` (RFC 8017 A.2.3 defaults when absent).
void readPssParameters(const X509_ALGOR* alg, const EVP_MD* md, SignatureScheme& s) {
    int type = 0;
    const void* value = nullptr;
    X509_ALGOR_get0(nullptr, &type, &value, alg);
    s.pss = true;
    s.name = "RSA-PSS";
    if (type != V_ASN1_SEQUENCE) {
        s.problem = "RSA-PSS without parameters (the defaults, SHA-1 and salt 20, are not accepted)";
        return;
    }
    PssParamsPtr params(static_cast<RSA_PSS_PARAMS*>(
        ASN1_item_unpack(static_cast<const ASN1_STRING*>(value), ASN1_ITEM_rptr(RSA_PSS_PARAMS))));
    if (!params) {
        s.problem = "unreadable RSA-PSS parameters";
        return;
    }
    const EVP_MD* hash = params->hashAlgorithm ? digestOf(params->hashAlgorithm) : EVP_sha1();
    s.mgf1 = EVP_sha1();
    std::string mgf = "MGF1";
    if (params->maskGenAlgorithm) {
        const ASN1_OBJECT* mgfOid = nullptr;
        X509_ALGOR_get0(&mgfOid, nullptr, nullptr, params->maskGenAlgorithm);
        const AlgorPtr mgfHash = algorithmParameter(params->maskGenAlgorithm);
        s.mgf1 = OBJ_obj2nid(mgfOid) == NID_mgf1 && mgfHash ? digestOf(mgfHash.get()) : nullptr;
        if (OBJ_obj2nid(mgfOid) != NID_mgf1) mgf = objectName(mgfOid);
    }
    s.saltLength = params->saltLength ? static_cast<int>(ASN1_INTEGER_get(params->saltLength)) : 20;
    const long trailer = params->trailerField ? ASN1_INTEGER_get(params->trailerField) : 1;
    s.name = "RSA-PSS " + hashName(hash);
    if (!hash || !s.mgf1 || EVP_MD_get_type(s.mgf1) != EVP_MD_get_type(hash) ||
        s.saltLength != EVP_MD_get_size(hash))
        s.name += " (" + mgf + " " + hashName(s.mgf1) + ", salt " + std::to_string(s.saltLength) + ")";
    if (!hash) {
        s.problem = "RSA-PSS with an unknown hash algorithm";
    } else if (md && EVP_MD_get_type(hash) != EVP_MD_get_type(md)) {
        s.problem =
            "RSA-PSS hash " + hashName(hash) + " is not the signer's digest algorithm " + hashName(md);
    } else if (mgf != "MGF1" || !s.mgf1) {
        s.problem = "RSA-PSS mask generation " + mgf + " not accepted (MGF1 with a known hash only)";
    } else if (EVP_MD_get_type(s.mgf1) != EVP_MD_get_type(hash)) {
        s.problem = "RSA-PSS with MGF1 " + hashName(s.mgf1) + " under hash " + hashName(hash) +
                    " not accepted (RFC 4056: the same hash)";
    } else if (s.saltLength < EVP_MD_get_size(hash)) {
        s.problem = "RSA-PSS salt of " + std::to_string(s.saltLength) + " bytes, shorter than the " +
                    hashName(hash) + " hash (" + std::to_string(EVP_MD_get_size(hash)) + "): not accepted";
    } else if (trailer != 1) {
        s.problem = "RSA-PSS trailer field " + std::to_string(trailer) + " not accepted (only 1, 0xBC)";
    }
}

}  // namespace

void setPssAlgorithm(CMS_SignerInfo* si, const EVP_MD* md) {
    EVP_PKEY* key = nullptr;
    X509_ALGOR* signatureAlg = nullptr;
    CMS_SignerInfo_get0_algs(si, &key, nullptr, nullptr, &signatureAlg);
    if (!key || !EVP_PKEY_is_a(key, "RSA")) throw CmsError("RSA-PSS needs an RSA key");
    PssParamsPtr params(RSA_PSS_PARAMS_new());
    AlgorPtr mgfHash(X509_ALGOR_new());
    if (!params || !mgfHash || !(params->hashAlgorithm = X509_ALGOR_new()) ||
        !(params->maskGenAlgorithm = X509_ALGOR_new()) || !(params->saltLength = ASN1_INTEGER_new()))
        throwOpenSsl("cannot make RSA-PSS parameters");
    X509_ALGOR_set_md(params->hashAlgorithm, md);
    X509_ALGOR_set_md(mgfHash.get(), md);
    ASN1_STRING* mgfParameter = ASN1_item_pack(mgfHash.get(), ASN1_ITEM_rptr(X509_ALGOR), nullptr);
    if (!mgfParameter || X509_ALGOR_set0(params->maskGenAlgorithm, OBJ_nid2obj(NID_mgf1), V_ASN1_SEQUENCE,
                                         mgfParameter) != 1) {
        ASN1_STRING_free(mgfParameter);
        throwOpenSsl("cannot make the MGF1 parameter");
    }
    // trailerField stays absent: its default, 1, is the only value RFC 4056 allows.
    if (ASN1_INTEGER_set(params->saltLength, EVP_MD_get_size(md)) != 1)
        throwOpenSsl("cannot set the salt length");
    ASN1_STRING* packed = ASN1_item_pack(params.get(), ASN1_ITEM_rptr(RSA_PSS_PARAMS), nullptr);
    if (!packed || X509_ALGOR_set0(signatureAlg, OBJ_nid2obj(NID_rsassaPss), V_ASN1_SEQUENCE, packed) != 1) {
        ASN1_STRING_free(packed);
        throwOpenSsl("cannot set the RSA-PSS algorithm");
    }
}

SignatureScheme readSignatureScheme(CMS_SignerInfo* si, const EVP_MD* md, EVP_PKEY* key) {
    X509_ALGOR* alg = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, nullptr, nullptr, &alg);
    const ASN1_OBJECT* oid = nullptr;
    X509_ALGOR_get0(&oid, nullptr, nullptr, alg);
    const int nid = OBJ_obj2nid(oid);
    const bool rsaKey = key && (EVP_PKEY_is_a(key, "RSA") || EVP_PKEY_is_a(key, "RSA-PSS"));
    SignatureScheme s;
    if (nid == NID_rsassaPss) {
        readPssParameters(alg, md, s);
        if (s.problem.empty() && key && !rsaKey) s.problem = "RSA-PSS with a key that is not RSA";
        return s;
    }
    // rsaEncryption (what CMS writes) or a combined OID whose hash must then be the signer's digest.
    int hashNid = NID_undef, keyNid = nid;
    if (nid != NID_rsaEncryption && OBJ_find_sigid_algs(nid, &hashNid, &keyNid) != 1) keyNid = NID_undef;
    if (keyNid == NID_rsaEncryption) {
        s.name = "RSA PKCS#1 v1.5";
        if (key && !rsaKey) s.problem = "an RSA signature algorithm with a key that is not RSA";
    } else if (keyNid == NID_X9_62_id_ecPublicKey) {
        s.name = "ECDSA";
        if (key && !EVP_PKEY_is_a(key, "EC")) s.problem = "ECDSA with a key that is not EC";
    } else {
        s.name = objectName(oid);
        s.problem = "signature algorithm " + s.name + " not accepted";
        return s;
    }
    if (s.problem.empty() && hashNid != NID_undef && md && hashNid != EVP_MD_get_type(md))
        s.problem = "signature algorithm " + objectName(oid) +
                    " names another hash than the digest algorithm " + hashName(md);
    return s;
}

bool applySignatureScheme(EVP_PKEY_CTX* ctx, const SignatureScheme& scheme) {
    if (!scheme.pss) return true;
    return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) > 0 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, scheme.saltLength) > 0 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, scheme.mgf1) > 0;
}

}  // namespace ias::sign
