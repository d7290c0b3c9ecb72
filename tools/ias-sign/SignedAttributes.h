#pragma once
// The signed attributes of a SignerInfo: the CAdES ones a new signer gets, the DER bytes its signature
// covers, and whether a file's attributes are in DER order.
//
// Why by hand: OpenSSL 3.0 computes the signed-attribute encoding only inside CMS_SignerInfo_sign, which
// needs a private key in the process; our key is on the card. The encoding is simple (X.690 §11.6: a SET OF
// is the concatenation of its elements' DER in ascending byte order), and the same sort is what OpenSSL
// writes when it encodes the SignerInfo, so the bytes signed are the bytes in the file.
#include <ctime>

#include "OpenSsl.h"

namespace ias::sign {

// content-type id-data (only when `withContentType`: a counter-signature must not carry it, RFC 5652
// §11.4), message-digest, signing-time. signing-certificate-v2 comes from CMS_add1_signer(CMS_CADES).
void addSignedAttributes(CMS_SignerInfo* si, const Bytes& messageDigest, std::time_t signingTime,
                         bool withContentType);

// DER of SET OF Attribute, elements sorted: what the signature is computed over (RFC 5652 §5.4).
Bytes signedAttributesDer(const CMS_SignerInfo* si);

// Whether the attributes, in the order the file holds them (OpenSSL keeps the parsed order), are already
// in DER order. An unsorted set is not DER: Bouncy Castle refuses it, OpenSSL re-sorts silently.
bool signedAttributesSorted(const CMS_SignerInfo* si);

}  // namespace ias::sign
