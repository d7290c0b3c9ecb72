#pragma once
// Builds CAdES baseline B-B signatures with OpenSSL's CMS API and a key that signs outside OpenSSL.
//
// Why this way: CMS_add1_signer(CMS_PARTIAL | CMS_CADES) lays out the SignerInfo (signer identifier by issuer
// and serial, digest and signature algorithms, signing-certificate-v2) from the certificate and its *public*
// key; we add the attributes, hash their DER and put the key's signature into the SignerInfo's signature
// field. The card sees one hash per signature. The alternatives — an OpenSSL provider whose keys sign through
// the card, or an RSA_METHOD (deprecated in 3.0) — would run the PIN dialog from inside an OpenSSL callback
// and bring a key-management interface the tool needs none of.
#include <cstddef>
#include <ctime>
#include <optional>
#include <string>

#include "OpenSsl.h"
#include "SignatureKey.h"

namespace ias::sign {

// An empty detached SignedData (content type id-data) to which signers are added.
CmsPtr newDetachedSignature();
// The largest document an enveloping signature holds: OpenSSL encodes the whole file in memory.
inline constexpr std::size_t kEnvelopedDocumentLimit = 256u << 20;
// The document's bytes as the SignedData's eContent (an enveloping signature, .p7m): the signers' message
// digest is over these same bytes, so it may be set before or after they are added.
void envelopContent(CMS_ContentInfo* cms, const Bytes& content);
// The eContent of an enveloping signature; nullopt for a detached one.
std::optional<Bytes> envelopedContent(CMS_ContentInfo* cms);

// Adds a signer at the top level (a co-signer when there is one already) over the document whose `md`
// hash is `documentDigest`, and the key's certificate and chain to `certificates` (once each). An RSA key
// signs PKCS#1 v1.5 or, with RsaPadding::Pss, RSA-PSS (CmsError for PSS with another key).
// Returns the new SignerInfo (owned by cms).
CMS_SignerInfo* addSigner(CMS_ContentInfo* cms, SignatureKey& key, const EVP_MD* md,
                          const Bytes& documentDigest, std::time_t signingTime,
                          RsaPadding padding = RsaPadding::Pkcs1);

// The last step of a SignerInfo laid out by CMS_add1_signer with its signed attributes: the signature
// algorithm set for `padding` (id-RSASSA-PSS and its parameters), the attributes' DER hashed and signed by
// `key`, the value stored.
void signSignerInfo(CMS_SignerInfo* si, SignatureKey& key, const EVP_MD* md, RsaPadding padding);

// The key's certificate and chain into the file's certificates, each once.
void addKeyCertificates(CMS_ContentInfo* cms, SignatureKey& key);

Bytes encodeCms(CMS_ContentInfo* cms);
// Throws CmsError unless `der` is one CMS SignedData.
CmsPtr decodeCms(const Bytes& der);

}  // namespace ias::sign
