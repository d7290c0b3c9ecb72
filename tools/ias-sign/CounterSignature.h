#pragma once
// Counter-signatures (RFC 5652 §11.4): a SignerInfo in the unsigned attribute countersignature of the
// SignerInfo it signs, its message-digest over the contents octets of that SignerInfo's signature, without
// content-type. OpenSSL 3.0 has no API to make one (nor to check one: openssl cms -verify ignores them), so
// the counter-signer's SignerInfo is laid out by OpenSSL in a scratch SignedData (CMS_add1_signer, as for any
// signer), cut out of it and stored as the attribute's value; to be read back, it is put into a SignedData of
// its own (wrapSignerInfo) and checked like a signer whose "document" is the parent's signature value.
#include <ctime>
#include <functional>
#include <string>

#include "OpenSsl.h"
#include "SignatureKey.h"

namespace ias::sign {

// The contents octets of a SignerInfo's signature: what its counter-signatures sign.
Bytes signatureValue(CMS_SignerInfo* si);
// The DER SignerInfo of each counter-signature of `si`, in the file's order.
std::vector<Bytes> counterSignatures(const CMS_SignerInfo* si);
// A SignedData (detached, id-data) holding `signerInfo` alone and `certs`, to be read with OpenSSL.
CmsPtr wrapSignerInfo(const Bytes& signerInfo, STACK_OF(X509) * certs);

// Counter-signs the signer at `path` ("1", "2.1": the n-th top-level signer, then the n-th counter-signature
// of that one …, as verify lists them) with `key`; its certificate and chain go into the file's certificates.
// An RSA key signs as `padding` says (PKCS#1 v1.5, or RSA-PSS). `finish` gets the new SignerInfo once its
// signature is in (a time-stamp). Throws CmsError when the path names no signer.
void addCounterSignature(CMS_ContentInfo* cms, const std::string& path, SignatureKey& key, const EVP_MD* md,
                         std::time_t signingTime, RsaPadding padding = RsaPadding::Pkcs1,
                         const std::function<void(CMS_SignerInfo*)>& finish = {});

}  // namespace ias::sign
