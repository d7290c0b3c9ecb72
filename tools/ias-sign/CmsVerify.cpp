#include "CmsVerify.h"

#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/pem.h>

#include <functional>
#include <map>

#include "CounterSignature.h"
#include "DocumentDigest.h"
#include "SignatureAlgorithm.h"
#include "SignedAttributes.h"
#include "TimeStamp.h"

namespace ias::sign {
namespace {

using CertStack =
    std::unique_ptr<STACK_OF(X509), decltype([](STACK_OF(X509) * s) { sk_X509_pop_free(s, X509_free); })>;

StorePtr loadAnchors(const std::string& pem) {
    StorePtr store(X509_STORE_new());
    if (!store) throwOpenSsl("X509_STORE_new");
    if (pem.empty()) {
        if (X509_STORE_set_default_paths(store.get()) != 1) throwOpenSsl("the system's trusted certificates");
    } else if (X509_STORE_load_file(store.get(), pem.c_str()) != 1) {
        throwOpenSsl("cannot read the anchors " + pem);
    }
    return store;
}

std::string keyTypeOf(EVP_PKEY* key) {
    if (EVP_PKEY_is_a(key, "RSA")) return "RSA-" + std::to_string(EVP_PKEY_get_bits(key));
    if (EVP_PKEY_is_a(key, "RSA-PSS")) return "RSA-PSS-" + std::to_string(EVP_PKEY_get_bits(key));
    if (EVP_PKEY_is_a(key, "EC")) {
        char curve[64] = "?";
        std::size_t len = 0;
        EVP_PKEY_get_utf8_string_param(key, "group", curve, sizeof curve, &len);
        return std::string("EC ") + curve;
    }
    return EVP_PKEY_get0_type_name(key) ? EVP_PKEY_get0_type_name(key) : "?";
}

// The signing time as written (UTCTime or GeneralizedTime), and as time_t for the chain check.
std::optional<std::time_t> signingTime(const CMS_SignerInfo* si, std::string& text) {
    const int at = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
    if (at < 0) return std::nullopt;
    ASN1_TYPE* value = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, at), 0);
    if (!value || (value->type != V_ASN1_UTCTIME && value->type != V_ASN1_GENERALIZEDTIME))
        return std::nullopt;
    return timeOf(value->value.asn1_string, text);
}

X509* signerCertificate(CMS_SignerInfo* si, STACK_OF(X509) * certs) {
    for (int i = 0; i < sk_X509_num(certs); ++i)
        if (CMS_SignerInfo_cert_cmp(si, sk_X509_value(certs, i)) == 0) return sk_X509_value(certs, i);
    return nullptr;
}

void checkAttributes(CMS_ContentInfo* cms, CMS_SignerInfo* si, const Bytes& documentDigest, bool counter,
                     SignerVerdict& v) {
    if (CMS_signed_get_attr_count(si) <= 0) {
        v.problems.push_back("no signed attributes (not CAdES)");
        v.signatureRefused = true;
        return;
    }
    if (!signedAttributesSorted(si)) {
        v.problems.push_back("signed attributes not in DER order");
        v.signatureRefused = true;
    }
    const ASN1_OCTET_STRING* md = static_cast<const ASN1_OCTET_STRING*>(
        CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_messageDigest), -3, V_ASN1_OCTET_STRING));
    if (!md) {
        v.problems.push_back("no message-digest attribute");
        v.signatureRefused = true;
    } else if (static_cast<std::size_t>(ASN1_STRING_length(md)) != documentDigest.size() ||
               !std::equal(documentDigest.begin(), documentDigest.end(), ASN1_STRING_get0_data(md))) {
        v.problems.push_back("the document's " + v.digest + " differs from the signed message digest");
        v.signatureRefused = true;
    }
    const ASN1_OBJECT* type = static_cast<const ASN1_OBJECT*>(
        CMS_signed_get0_data_by_OBJ(si, OBJ_nid2obj(NID_pkcs9_contentType), -3, V_ASN1_OBJECT));
    if (counter && CMS_signed_get_attr_by_NID(si, NID_pkcs9_contentType, -1) >= 0) {
        v.problems.push_back("content-type attribute in a counter-signature (RFC 5652 11.4 forbids it)");
        v.signatureRefused = true;
    } else if (!counter && (!type || OBJ_cmp(type, CMS_get0_eContentType(cms)) != 0)) {
        v.problems.push_back("content-type attribute missing or not the signed content's type");
        v.signatureRefused = true;
    }
}

// CMS_SignerInfo_verify refuses a counter-signer for the content-type it must not have (OpenSSL applies
// the rules of a top-level signer), so its signature value is checked here: over the signed attributes' DER
// (refused above when the file's order is not DER order), RSA PKCS#1 v1.5, RSA-PSS with the parameters its
// signatureAlgorithm states (judged acceptable before), or ECDSA, with the SignerInfo's digest.
bool verifyCounterSignatureValue(CMS_SignerInfo* si, X509* cert, const EVP_MD* md,
                                 const SignatureScheme& scheme) {
    if (!md) return false;
    const Bytes signed_ = signedAttributesDer(si);
    const ASN1_OCTET_STRING* sig = CMS_SignerInfo_get0_signature(si);
    MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    const bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, X509_get0_pubkey(cert)) == 1 &&
                    applySignatureScheme(pctx, scheme) &&
                    EVP_DigestVerify(ctx.get(), ASN1_STRING_get0_data(sig),
                                     static_cast<std::size_t>(ASN1_STRING_length(sig)), signed_.data(),
                                     signed_.size()) == 1;
    ERR_clear_error();
    return ok;
}

void checkSigningCertificate(CMS_SignerInfo* si, X509* cert, SignerVerdict& v) {
    const ASN1_STRING* seq = static_cast<const ASN1_STRING*>(CMS_signed_get0_data_by_OBJ(
        si, OBJ_nid2obj(NID_id_smime_aa_signingCertificateV2), -3, V_ASN1_SEQUENCE));
    if (!seq) {
        v.problems.push_back("no signing-certificate-v2 attribute (CAdES)");
        v.signatureRefused = true;
        return;
    }
    const unsigned char* p = ASN1_STRING_get0_data(seq);
    std::unique_ptr<ESS_SIGNING_CERT_V2, decltype(&ESS_SIGNING_CERT_V2_free)> ss(
        d2i_ESS_SIGNING_CERT_V2(nullptr, &p, ASN1_STRING_length(seq)), ESS_SIGNING_CERT_V2_free);
    CertStack chain(sk_X509_new_null());
    sk_X509_push(chain.get(), X509_dup(cert));
    if (!ss || OSSL_ESS_check_signing_certs(nullptr, ss.get(), chain.get(), 1) <= 0) {
        ERR_clear_error();
        v.problems.push_back("signing-certificate-v2 does not name the signer's certificate");
        v.certificateRefused = true;
    }
}

void checkChain(X509_STORE* anchors, X509* cert, STACK_OF(X509) * untrusted, std::optional<std::time_t> at,
                SignerVerdict& v) {
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                        X509_STORE_CTX_free);
    if (!ctx || X509_STORE_CTX_init(ctx.get(), anchors, cert, untrusted) != 1) throwOpenSsl("X509_STORE_CTX");
    // Validity at the time the signer claims (B-B has nothing better; a time-stamp would be).
    if (at) X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()), *at);
    if (X509_verify_cert(ctx.get()) != 1) {
        v.problems.push_back(std::string("certificate refused: ") +
                             X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())));
        v.certificateRefused = true;
    }
    ERR_clear_error();
}

void checkKeyUsage(X509* cert, bool requireQualified, SignerVerdict& v) {
    const std::uint32_t usage = X509_get_key_usage(cert);  // UINT32_MAX: no extension, anything goes
    v.qualified = usage != UINT32_MAX && (usage & KU_NON_REPUDIATION) != 0;
    if ((usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0) {
        v.problems.push_back("the certificate's key usage allows no signature");
        v.certificateRefused = true;
    } else if (requireQualified && !v.qualified) {
        v.problems.push_back("not a qualified signature: the certificate's key usage lacks nonRepudiation");
        v.certificateRefused = true;
    }
}

// One level of signers (the top-level ones, or the counter-signatures of one signer) and, depth-first after
// each, its counter-signatures. `digestOf` is the hash of what this level signs under a digest algorithm.
void verifyLevel(CMS_ContentInfo* cms, STACK_OF(X509) * certs, X509_STORE* anchors,
                 const std::function<Bytes(const EVP_MD*)>& digestOf, bool counter, const std::string& prefix,
                 const VerifyOptions& options, std::vector<SignerVerdict>& out) {
    STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms);
    if (sk_CMS_SignerInfo_num(signers) <= 0) throw CmsError("the file holds no signer");
    for (int i = 0; i < sk_CMS_SignerInfo_num(signers); ++i) {
        CMS_SignerInfo* si = sk_CMS_SignerInfo_value(signers, i);
        SignerVerdict v;
        v.path = prefix + std::to_string(i + 1);
        v.counterSignature = counter;
        ASN1_OCTET_STRING* keyId = nullptr;
        X509_NAME* issuer = nullptr;
        ASN1_INTEGER* serial = nullptr;
        if (CMS_SignerInfo_get0_signer_id(si, &keyId, &issuer, &serial) == 1 && issuer && serial) {
            v.issuer = nameText(issuer);
            v.serial = serialHex(serial);
        }
        X509_ALGOR* digestAlg = nullptr;
        CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digestAlg, nullptr);
        const ASN1_OBJECT* digestOid = nullptr;
        X509_ALGOR_get0(&digestOid, nullptr, nullptr, digestAlg);
        const EVP_MD* md = EVP_get_digestbyobj(digestOid);
        v.digest = md ? EVP_MD_get0_name(md) : "?";
        const std::optional<std::time_t> at = signingTime(si, v.signingTime);
        X509* cert = signerCertificate(si, certs);
        if (!cert) {
            v.problems.push_back("the signer's certificate is not in the file");
            v.certificateRefused = true;
        } else {
            v.subject = subjectText(cert);
            v.keyType = keyTypeOf(X509_get0_pubkey(cert));
        }
        if (!md || EVP_MD_get_size(md) < 32) {
            v.problems.push_back("digest algorithm " + v.digest + " not accepted (SHA-256 or stronger)");
            v.signatureRefused = true;
        } else {
            checkAttributes(cms, si, digestOf(md), counter, v);
        }
        const SignatureScheme scheme = readSignatureScheme(si, md, cert ? X509_get0_pubkey(cert) : nullptr);
        v.signatureAlgorithm = scheme.name;
        if (!scheme.problem.empty()) {
            v.problems.push_back(scheme.problem);
            v.signatureRefused = true;
        }
        if (cert) {
            CMS_SignerInfo_set1_signer_cert(si, cert);
            // OpenSSL applies a top-level signer's PSS parameters itself (CMS_SignerInfo_verify); a value
            // under parameters refused above is not checked.
            if (scheme.problem.empty() && (counter ? verifyCounterSignatureValue(si, cert, md, scheme)
                                                   : CMS_SignerInfo_verify(si) == 1) != true) {
                v.problems.push_back("the signature does not verify with the signer's certificate");
                v.signatureRefused = true;
            }
            ERR_clear_error();
            checkSigningCertificate(si, cert, v);
            // A verified time-stamp is a better time for the certificate's validity than the signer's claim.
            const TimeStampCheck stamp = checkSignatureTimeStamp(si, anchors, certs);
            if (stamp.present) {
                v.timeStamp = stamp.summary;
                if (!stamp.problem.empty()) {
                    v.problems.push_back(stamp.problem);
                    v.signatureRefused = true;
                }
            }
            checkChain(anchors, cert, certs, stamp.time ? stamp.time : at, v);
            checkKeyUsage(cert, options.requireQualified, v);
        }
        out.push_back(std::move(v));
        const Bytes parentSignature = signatureValue(si);
        std::vector<Bytes> counters;
        try {
            counters = counterSignatures(si);
        } catch (const CmsError& e) {
            out.back().problems.push_back(std::string("unreadable counter-signature: ") + e.what());
            out.back().signatureRefused = true;
        }
        for (std::size_t n = 0; n < counters.size(); ++n) {
            const std::string childPrefix = out.back().path + ".";
            try {
                CmsPtr wrapped = wrapSignerInfo(counters[n], certs);
                verifyLevel(
                    wrapped.get(), certs, anchors,
                    [&parentSignature](const EVP_MD* m) { return digestBytes(m, parentSignature); }, true,
                    childPrefix, options, out);
            } catch (const CmsError& e) {
                SignerVerdict bad;
                bad.path = childPrefix + std::to_string(n + 1);
                bad.counterSignature = true;
                bad.problems.push_back(std::string("unreadable counter-signature: ") + e.what());
                bad.signatureRefused = true;
                out.push_back(std::move(bad));
            }
        }
    }
}

}  // namespace

std::vector<SignerVerdict> verifySigners(CMS_ContentInfo* cms, const DocumentDigester& digestDocument,
                                         const VerifyOptions& options) {
    StorePtr anchors = loadAnchors(options.anchorsPem);
    CertStack certs(CMS_get1_certs(cms));
    if (!certs) certs.reset(sk_X509_new_null());
    std::map<int, Bytes> digests;  // by digest NID: the document is read once per algorithm
    const auto documentDigest = [&](const EVP_MD* md) {
        const int nid = EVP_MD_get_type(md);
        if (!digests.count(nid)) digests[nid] = digestDocument(md);
        return digests[nid];
    };
    std::vector<SignerVerdict> out;
    verifyLevel(cms, certs.get(), anchors.get(), documentDigest, false, "", options, out);
    return out;
}

std::vector<SignerVerdict> verifySigners(CMS_ContentInfo* cms, const std::string& documentPath,
                                         const VerifyOptions& options) {
    if (documentPath.empty()) throw CmsError("no document given");
    return verifySigners(
        cms, [&](const EVP_MD* md) { return digestFile(documentPath, md); }, options);
}

}  // namespace ias::sign
