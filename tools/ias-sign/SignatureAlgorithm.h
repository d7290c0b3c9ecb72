#pragma once
// A SignerInfo's signatureAlgorithm: RSA-PSS written with explicit parameters (RFC 4056, RFC 8017 A.2.3),
// and any signer's algorithm read back, named, and judged against its digest algorithm and key before its
// value is checked.
//
// Why explicit and strict: CMS_add1_signer writes rsaEncryption for an RSA key; a PSS signer must say
// id-RSASSA-PSS with its hash, MGF1 hash and salt length (the defaults are SHA-1 and salt 20). Read back,
// only what our card makes and RFC 4056 recommends is accepted: MGF1 with the signer's digest and a salt at
// least as long as that hash; the value is then verified with the salt exactly as stated.
#include <string>

#include "OpenSsl.h"

namespace ias::sign {

// How an RSA key signs: PKCS#1 v1.5 over the DigestInfo, or PSS with MGF1 over the same hash and a salt as
// long as the hash (what the card's algorithms 35-37 do). EC keys sign ECDSA whatever this says.
enum class RsaPadding { Pkcs1, Pss };

// Replaces `si`'s signatureAlgorithm (rsaEncryption, as CMS_add1_signer sets it) by id-RSASSA-PSS with
// hashAlgorithm `md`, maskGenAlgorithm MGF1 with `md`, saltLength the size of `md`, trailerField default.
// Throws CmsError unless the signer's key is RSA.
void setPssAlgorithm(CMS_SignerInfo* si, const EVP_MD* md);

// What a SignerInfo's signatureAlgorithm says, judged against its digest algorithm `md` and the key `key`
// of its certificate (either may be null when unknown).
struct SignatureScheme {
    std::string name;     // "RSA-PSS SHA-256", "RSA PKCS#1 v1.5", "ECDSA", else the algorithm's own name
    std::string problem;  // empty: acceptable; else why it is refused
    bool pss = false;
    const EVP_MD* mgf1 = nullptr;  // PSS: the MGF1 hash
    int saltLength = 0;            // PSS: as stated (20 when absent)
};
SignatureScheme readSignatureScheme(CMS_SignerInfo* si, const EVP_MD* md, EVP_PKEY* key);

// Sets PSS padding, MGF1 hash and the exact salt length of `scheme` on a verification context (nothing for
// other schemes). False when OpenSSL refuses them.
bool applySignatureScheme(EVP_PKEY_CTX* ctx, const SignatureScheme& scheme);

}  // namespace ias::sign
