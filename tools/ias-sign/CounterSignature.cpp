#include "CounterSignature.h"

#include <sstream>

#include "CmsBuild.h"
#include "Der.h"
#include "DocumentDigest.h"
#include "SignedAttributes.h"

namespace ias::sign {
namespace {

const Bytes kSignedDataOid{0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02};
const Bytes kDataOid{0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01};

Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

// The one SignerInfo of a SignedData as DER: ContentInfo → [0] → SignedData → signerInfos (last) → first.
Bytes onlySignerInfo(const Bytes& contentInfo) {
    const der::Element top = der::at(contentInfo, 0, contentInfo.size());
    const der::Element explicit0 = der::children(contentInfo, top).at(1);
    const der::Element signedData = der::children(contentInfo, explicit0).at(0);
    const der::Element signerInfos = der::children(contentInfo, signedData).back();
    const std::vector<der::Element> infos = der::children(contentInfo, signerInfos);
    if (signerInfos.tag != 0x31 || infos.size() != 1) throw CmsError("not one SignerInfo");
    return der::slice(contentInfo, infos.front());
}

// The counter-signer's SignerInfo over `parent`'s signature value, laid out by OpenSSL in a scratch file.
Bytes newCounterSigner(CMS_SignerInfo* parent, SignatureKey& key, const EVP_MD* md, RsaPadding padding,
                       std::time_t signingTime, const std::function<void(CMS_SignerInfo*)>& finish) {
    CmsPtr scratch = newDetachedSignature();
    X509* cert = key.certificate();
    CMS_SignerInfo* si = CMS_add1_signer(scratch.get(), cert, X509_get0_pubkey(cert), md,
                                         CMS_PARTIAL | CMS_CADES | CMS_NOSMIMECAP | CMS_NOCERTS | CMS_BINARY);
    if (!si) throwOpenSsl("cannot lay out the counter-signer");
    addSignedAttributes(si, digestBytes(md, signatureValue(parent)), signingTime, false);
    signSignerInfo(si, key, md, padding);
    if (finish) finish(si);
    return onlySignerInfo(encodeCms(scratch.get()));
}

// The ASN1_TYPE of `si`'s n-th counter-signature value (0-based), or null.
ASN1_TYPE* counterSignatureValue(const CMS_SignerInfo* si, std::size_t n) {
    for (int at = -1; (at = CMS_unsigned_get_attr_by_NID(si, NID_pkcs9_countersignature, at)) >= 0;) {
        X509_ATTRIBUTE* attribute = CMS_unsigned_get_attr(si, at);
        const std::size_t count = static_cast<std::size_t>(X509_ATTRIBUTE_count(attribute));
        if (n < count) return X509_ATTRIBUTE_get0_type(attribute, static_cast<int>(n));
        n -= count;
    }
    return nullptr;
}

std::vector<std::size_t> parsePath(const std::string& path) {
    std::vector<std::size_t> out;
    std::istringstream in(path);
    for (std::string part; std::getline(in, part, '.');) {
        if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos || part.size() > 4)
            throw CmsError("no signer " + path + " (a path such as 1 or 2.1, as verify lists them)");
        out.push_back(std::stoul(part));
        if (out.back() == 0) throw CmsError("no signer " + path + " (signers count from 1)");
    }
    if (out.empty()) throw CmsError("no signer path given");
    return out;
}

// Adds the counter-signature to the signer `rest` leads to below `si`, in place.
void counterSignBelow(CMS_SignerInfo* si, std::vector<std::size_t> rest, STACK_OF(X509) * certs,
                      SignatureKey& key, const EVP_MD* md, RsaPadding padding, std::time_t signingTime,
                      const std::string& path, const std::function<void(CMS_SignerInfo*)>& finish) {
    if (rest.empty()) {
        const Bytes counter = newCounterSigner(si, key, md, padding, signingTime, finish);
        if (CMS_unsigned_add1_attr_by_NID(si, NID_pkcs9_countersignature, V_ASN1_SEQUENCE, counter.data(),
                                          static_cast<int>(counter.size())) != 1)
            throwOpenSsl("cannot add the counter-signature");
        return;
    }
    ASN1_TYPE* value = counterSignatureValue(si, rest.front() - 1);
    if (!value || value->type != V_ASN1_SEQUENCE) throw CmsError("no signer " + path);
    const Bytes child(
        ASN1_STRING_get0_data(value->value.sequence),
        ASN1_STRING_get0_data(value->value.sequence) + ASN1_STRING_length(value->value.sequence));
    CmsPtr wrapped = wrapSignerInfo(child, certs);
    rest.erase(rest.begin());
    counterSignBelow(sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(wrapped.get()), 0), rest, certs, key, md,
                     padding, signingTime, path, finish);
    const Bytes updated = onlySignerInfo(encodeCms(wrapped.get()));
    if (ASN1_STRING_set(value->value.sequence, updated.data(), static_cast<int>(updated.size())) != 1)
        throwOpenSsl("cannot store the counter-signature");
}

}  // namespace

Bytes signatureValue(CMS_SignerInfo* si) {
    const ASN1_OCTET_STRING* s = CMS_SignerInfo_get0_signature(si);
    return Bytes(ASN1_STRING_get0_data(s), ASN1_STRING_get0_data(s) + ASN1_STRING_length(s));
}

std::vector<Bytes> counterSignatures(const CMS_SignerInfo* si) {
    std::vector<Bytes> out;
    for (std::size_t n = 0;; ++n) {
        const ASN1_TYPE* value = counterSignatureValue(si, n);
        if (!value) return out;
        if (value->type != V_ASN1_SEQUENCE) throw CmsError("a counter-signature that is not a SignerInfo");
        const ASN1_STRING* s = value->value.sequence;
        out.emplace_back(ASN1_STRING_get0_data(s), ASN1_STRING_get0_data(s) + ASN1_STRING_length(s));
    }
}

CmsPtr wrapSignerInfo(const Bytes& signerInfo, STACK_OF(X509) * certs) {
    const der::Element info = der::at(signerInfo, 0, signerInfo.size());
    const std::vector<der::Element> fields = der::children(signerInfo, info);
    if (info.tag != 0x30 || fields.size() < 5) throw CmsError("a counter-signature that is not a SignerInfo");
    Bytes certificates;
    for (int i = 0; i < sk_X509_num(certs); ++i) {
        const Bytes c = certificateDer(sk_X509_value(certs, i));
        certificates.insert(certificates.end(), c.begin(), c.end());
    }
    const Bytes signedData = der::wrap(
        0x30,
        concat({Bytes{0x02, 0x01, 0x01}, der::wrap(0x31, der::slice(signerInfo, fields[2])),
                der::wrap(0x30, kDataOid), certificates.empty() ? Bytes{} : der::wrap(0xA0, certificates),
                der::wrap(0x31, signerInfo)}));
    return decodeCms(der::wrap(0x30, concat({kSignedDataOid, der::wrap(0xA0, signedData)})));
}

void addCounterSignature(CMS_ContentInfo* cms, const std::string& path, SignatureKey& key, const EVP_MD* md,
                         std::time_t signingTime, RsaPadding padding,
                         const std::function<void(CMS_SignerInfo*)>& finish) {
    std::vector<std::size_t> steps = parsePath(path);
    STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms);
    if (steps.front() > static_cast<std::size_t>(sk_CMS_SignerInfo_num(signers)))
        throw CmsError("no signer " + path);
    CMS_SignerInfo* top = sk_CMS_SignerInfo_value(signers, static_cast<int>(steps.front() - 1));
    steps.erase(steps.begin());
    STACK_OF(X509)* certs = CMS_get1_certs(cms);
    if (!certs) certs = sk_X509_new_null();
    try {
        counterSignBelow(top, steps, certs, key, md, padding, signingTime, path, finish);
    } catch (...) {
        sk_X509_pop_free(certs, X509_free);
        throw;
    }
    sk_X509_pop_free(certs, X509_free);
    addKeyCertificates(cms, key);
}

}  // namespace ias::sign
