#include "CmsBuild.h"

#include "DocumentDigest.h"
#include "SignedAttributes.h"

namespace ias::sign {
namespace {

bool holdsCertificate(CMS_ContentInfo* cms, X509* cert) {
    STACK_OF(X509)* certs = CMS_get1_certs(cms);
    bool found = false;
    for (int i = 0; i < sk_X509_num(certs) && !found; ++i)
        found = X509_cmp(sk_X509_value(certs, i), cert) == 0;
    sk_X509_pop_free(certs, X509_free);
    return found;
}

}  // namespace

void addKeyCertificates(CMS_ContentInfo* cms, SignatureKey& key) {
    std::vector<X509*> wanted{key.certificate()};
    for (X509* ca : key.chain()) wanted.push_back(ca);
    for (X509* cert : wanted)
        if (!holdsCertificate(cms, cert) && CMS_add1_cert(cms, cert) != 1)
            throwOpenSsl("cannot add a certificate");
}

CmsPtr newDetachedSignature() {
    CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, CMS_PARTIAL | CMS_DETACHED | CMS_BINARY));
    if (!cms) throwOpenSsl("cannot start a SignedData");
    return cms;
}

void envelopContent(CMS_ContentInfo* cms, const Bytes& content) {
    if (CMS_set_detached(cms, 0) != 1) throwOpenSsl("cannot make the signature enveloping");
    ASN1_OCTET_STRING** econtent = CMS_get0_content(cms);
    if (!econtent || !*econtent ||
        ASN1_OCTET_STRING_set(*econtent, content.data(), static_cast<int>(content.size())) != 1)
        throwOpenSsl("cannot put the document in the signature");
}

std::optional<Bytes> envelopedContent(CMS_ContentInfo* cms) {
    ASN1_OCTET_STRING** econtent = CMS_get0_content(cms);
    if (!econtent || !*econtent) return std::nullopt;
    const unsigned char* data = ASN1_STRING_get0_data(*econtent);
    return Bytes(data, data + ASN1_STRING_length(*econtent));
}

void signSignerInfo(CMS_SignerInfo* si, SignatureKey& key, const EVP_MD* md, RsaPadding padding) {
    // Before the card signs: a key that cannot sign PSS is refused before its PIN is asked.
    if (padding == RsaPadding::Pss) setPssAlgorithm(si, md);
    const Bytes signature = key.signHash(md, digestBytes(md, signedAttributesDer(si)), padding);
    if (ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), signature.data(),
                        static_cast<int>(signature.size())) != 1)
        throwOpenSsl("cannot store the signature");
}

CMS_SignerInfo* addSigner(CMS_ContentInfo* cms, SignatureKey& key, const EVP_MD* md,
                          const Bytes& documentDigest, std::time_t signingTime, RsaPadding padding) {
    X509* cert = key.certificate();
    // The public key stands in for the private one: CMS_add1_signer only compares it with the certificate
    // and reads its type for the signature algorithm; with CMS_PARTIAL it signs nothing.
    EVP_PKEY* publicKey = X509_get0_pubkey(cert);
    const unsigned flags = CMS_PARTIAL | CMS_CADES | CMS_NOSMIMECAP | CMS_BINARY | CMS_NOCERTS;
    CMS_SignerInfo* si = CMS_add1_signer(cms, cert, publicKey, md, flags);
    if (!si) throwOpenSsl("cannot add a signer");
    addKeyCertificates(cms, key);
    addSignedAttributes(si, documentDigest, signingTime, true);
    signSignerInfo(si, key, md, padding);
    return si;
}

Bytes encodeCms(CMS_ContentInfo* cms) {
    unsigned char* der = nullptr;
    const int n = i2d_CMS_ContentInfo(cms, &der);
    if (n <= 0) throwOpenSsl("cannot encode the signature file");
    Bytes out(der, der + n);
    OPENSSL_free(der);
    return out;
}

CmsPtr decodeCms(const Bytes& der) {
    const unsigned char* p = der.data();
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
    if (!cms) throwOpenSsl("not a CMS file (DER)");
    if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed) throw CmsError("not a CMS SignedData");
    return cms;
}

}  // namespace ias::sign
