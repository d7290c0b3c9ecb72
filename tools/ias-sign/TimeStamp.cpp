#include "TimeStamp.h"

#include <openssl/err.h>
#include <openssl/http.h>
#include <openssl/rand.h>
#include <openssl/ts.h>

#include "CounterSignature.h"
#include "DocumentDigest.h"

namespace ias::sign {
namespace {

using TsReqPtr = std::unique_ptr<TS_REQ, OsslDeleter<TS_REQ, TS_REQ_free>>;
using TsRespPtr = std::unique_ptr<TS_RESP, OsslDeleter<TS_RESP, TS_RESP_free>>;
using TsVerifyPtr = std::unique_ptr<TS_VERIFY_CTX, OsslDeleter<TS_VERIFY_CTX, TS_VERIFY_CTX_free>>;
using TstInfoPtr = std::unique_ptr<TS_TST_INFO, OsslDeleter<TS_TST_INFO, TS_TST_INFO_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, OsslDeleter<PKCS7, PKCS7_free>>;

constexpr int kTimeoutSeconds = 30;
constexpr std::size_t kMaxAnswer = 1u << 20;  // a token with its certificates: a few KB

struct OpenSslFree {
    void operator()(char* p) const { OPENSSL_free(p); }
};
using OsslString = std::unique_ptr<char, OpenSslFree>;

TsReqPtr newRequest(const Bytes& imprint, const EVP_MD* md) {
    TsReqPtr req(TS_REQ_new());
    std::unique_ptr<TS_MSG_IMPRINT, OsslDeleter<TS_MSG_IMPRINT, TS_MSG_IMPRINT_free>> msg(
        TS_MSG_IMPRINT_new());
    std::unique_ptr<X509_ALGOR, OsslDeleter<X509_ALGOR, X509_ALGOR_free>> alg(X509_ALGOR_new());
    // A random 64-bit nonce: the answer must carry it back (no replayed token).
    unsigned char random[8];
    if (RAND_bytes(random, sizeof random) != 1) throwOpenSsl("no random nonce");
    std::unique_ptr<BIGNUM, OsslDeleter<BIGNUM, BN_free>> n(BN_bin2bn(random, sizeof random, nullptr));
    std::unique_ptr<ASN1_INTEGER, OsslDeleter<ASN1_INTEGER, ASN1_INTEGER_free>> nonce(
        n ? BN_to_ASN1_INTEGER(n.get(), nullptr) : nullptr);
    if (!req || !msg || !alg || !nonce ||
        X509_ALGOR_set0(alg.get(), OBJ_nid2obj(EVP_MD_get_type(md)), V_ASN1_NULL, nullptr) != 1 ||
        TS_MSG_IMPRINT_set_algo(msg.get(), alg.get()) != 1 ||
        TS_MSG_IMPRINT_set_msg(msg.get(), const_cast<unsigned char*>(imprint.data()),
                               static_cast<int>(imprint.size())) != 1 ||
        TS_REQ_set_version(req.get(), 1) != 1 || TS_REQ_set_msg_imprint(req.get(), msg.get()) != 1 ||
        TS_REQ_set_nonce(req.get(), nonce.get()) != 1 || TS_REQ_set_cert_req(req.get(), 1) != 1)
        throwOpenSsl("cannot make the time-stamp request");
    return req;
}

struct Endpoint {
    OsslString host, port, path;
};

Endpoint endpointOf(const std::string& url) {
    char *host = nullptr, *port = nullptr, *path = nullptr;
    int tls = 0;
    if (OSSL_HTTP_parse_url(url.c_str(), &tls, nullptr, &host, &port, nullptr, &path, nullptr, nullptr) !=
        1) {
        ERR_clear_error();
        throw CmsError("--tsa " + url + ": not a URL (http://host[:port]/path)");
    }
    Endpoint e{OsslString(host), OsslString(port), OsslString(path)};
    // Plain HTTP only: the token is signed by the authority, and the request carries only a hash.
    if (tls)
        throw CmsError("--tsa " + url + ": https is not supported; RFC 3161 tokens are signed, use http://");
    return e;
}

// POSTs the request; the TSA's answer.
TsRespPtr post(const std::string& url, TS_REQ* req) {
    const Endpoint e = endpointOf(url);
    BioPtr body(BIO_new(BIO_s_mem()));
    if (!body || i2d_TS_REQ_bio(body.get(), req) != 1) throwOpenSsl("cannot encode the time-stamp request");
    BioPtr answer(OSSL_HTTP_transfer(nullptr, e.host.get(), e.port.get(), e.path.get(), 0, nullptr, nullptr,
                                     nullptr, nullptr, nullptr, nullptr, 0, nullptr,
                                     "application/timestamp-query", body.get(), "application/timestamp-reply",
                                     1, kMaxAnswer, kTimeoutSeconds, 0));
    if (!answer) throwOpenSsl("the time-stamping authority " + url + " did not answer");
    TsRespPtr resp(d2i_TS_RESP_bio(answer.get(), nullptr));
    if (!resp) throwOpenSsl("the time-stamping authority " + url + " answered no time-stamp response");
    return resp;
}

ASN1_STRING* tokenAttribute(CMS_SignerInfo* si) {
    return static_cast<ASN1_STRING*>(
        CMS_unsigned_get0_data_by_OBJ(si, OBJ_nid2obj(NID_id_smime_aa_timeStampToken), -3, V_ASN1_SEQUENCE));
}

// The TSA as the token names it (its optional tsa field), else the signer of the token.
std::string authorityText(PKCS7* token, TS_TST_INFO* info) {
    if (GENERAL_NAME* name = TS_TST_INFO_get_tsa(info); name && name->type == GEN_DIRNAME)
        return nameText(name->d.directoryName);
    STACK_OF(X509)* certs = PKCS7_type_is_signed(token) ? token->d.sign->cert : nullptr;
    STACK_OF(PKCS7_SIGNER_INFO)* infos = PKCS7_get_signer_info(token);
    if (certs && infos && sk_PKCS7_SIGNER_INFO_num(infos) == 1) {
        PKCS7_ISSUER_AND_SERIAL* id = sk_PKCS7_SIGNER_INFO_value(infos, 0)->issuer_and_serial;
        for (int i = 0; id && i < sk_X509_num(certs); ++i) {
            X509* c = sk_X509_value(certs, i);
            if (X509_NAME_cmp(X509_get_issuer_name(c), id->issuer) == 0 &&
                ASN1_INTEGER_cmp(X509_get0_serialNumber(c), id->serial) == 0)
                return subjectText(c);
        }
    }
    return "(an unnamed authority)";
}

}  // namespace

void checkTimeStampUrl(const std::string& url) {
    endpointOf(url);
}

void addSignatureTimeStamp(CMS_SignerInfo* si, const std::string& url, const EVP_MD* md) {
    const Bytes imprint = digestBytes(md, signatureValue(si));
    TsReqPtr req = newRequest(imprint, md);
    TsRespPtr resp = post(url, req.get());
    // Granted (0) or granted with modifications (1), the token for this imprint and nonce: checked against
    // the request; the token's signature is verify's to check, against the anchors the verifier trusts.
    TsVerifyPtr ctx(TS_REQ_to_TS_VERIFY_CTX(req.get(), nullptr));
    if (!ctx) throwOpenSsl("cannot check the time-stamp response");
    TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_VERSION | TS_VFY_IMPRINT | TS_VFY_NONCE);
    if (TS_RESP_verify_response(ctx.get(), resp.get()) != 1)
        throwOpenSsl("the time-stamping authority " + url + " refused or answered for another request");
    PKCS7* token = TS_RESP_get_token(resp.get());
    const Bytes der = toDer<PKCS7>(i2d_PKCS7, token, "the time-stamp token");
    if (CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, der.data(),
                                      static_cast<int>(der.size())) != 1)
        throwOpenSsl("cannot store the time-stamp token");
}

TimeStampCheck checkSignatureTimeStamp(CMS_SignerInfo* si, X509_STORE* anchors, STACK_OF(X509) * untrusted) {
    TimeStampCheck check;
    const ASN1_STRING* attribute = tokenAttribute(si);
    const bool another = CMS_unsigned_get_attr_by_NID(si, NID_id_smime_aa_timeStampToken, -1) >= 0;
    if (!attribute && !another) return check;
    check.present = true;
    const unsigned char* p = attribute ? ASN1_STRING_get0_data(attribute) : nullptr;
    Pkcs7Ptr token(p ? d2i_PKCS7(nullptr, &p, ASN1_STRING_length(attribute)) : nullptr);
    TstInfoPtr info(token ? PKCS7_to_TS_TST_INFO(token.get()) : nullptr);
    if (!info) {
        ERR_clear_error();
        check.summary = "(unreadable)";
        check.problem = "time-stamp refused: not one readable RFC 3161 token";
        return check;
    }
    std::string when = "(no time)";
    const std::optional<std::time_t> at = timeOf(TS_TST_INFO_get_time(info.get()), when);
    check.summary = when + " by " + authorityText(token.get(), info.get());
    // TS_VERIFY_CTX frees what it is given: a reference of the store, copies of the certificates, a memory
    // BIO of the signature value (TS_VFY_DATA hashes it with the token's own algorithm and compares the
    // imprint).
    TsVerifyPtr ctx(TS_VERIFY_CTX_new());
    const Bytes signature = signatureValue(si);
    BIO* data = BIO_new_mem_buf(signature.data(), static_cast<int>(signature.size()));
    STACK_OF(X509)* certs = untrusted ? X509_chain_up_ref(untrusted) : sk_X509_new_null();
    if (!ctx || !data || !certs || X509_STORE_up_ref(anchors) != 1) {
        BIO_free(data);
        sk_X509_pop_free(certs, X509_free);
        throwOpenSsl("cannot check the time-stamp");
    }
    TS_VERIFY_CTX_set_store(ctx.get(), anchors);
    TS_VERIFY_CTX_set_certs(ctx.get(), certs);
    TS_VERIFY_CTX_set_data(ctx.get(), data);
    TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_DATA);
    if (TS_RESP_verify_token(ctx.get(), token.get()) != 1) {
        const unsigned long e = ERR_peek_last_error();
        char reason[256] = "";
        if (e) ERR_error_string_n(e, reason, sizeof reason);
        ERR_clear_error();
        check.problem = std::string("time-stamp refused: ") +
                        (e ? reason : "its signature, its certificate or its imprint does not verify");
        return check;
    }
    check.time = at;
    return check;
}

}  // namespace ias::sign
