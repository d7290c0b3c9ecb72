#pragma once
// The card's private-key operations on OpenSSL 3 (EVP only): PKCS#1 v1.5 type-1 signature of a
// DigestInfo, RSA-PSS and ECDSA of a hash (project extensions), PKCS#1 v1.5 decipher, key generation and
// the conversions the card needs (PKCS#8 DER, modulus, exponent, EC point).
#include <memory>
#include <stdexcept>

#include <openssl/evp.h>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/SecureBuffer.h"

namespace ias::vcard {

using KeyHandle = std::shared_ptr<EVP_PKEY>;

class KeyError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class PssHash { Sha256, Sha384, Sha512 };

KeyHandle loadPrivateKeyPem(const std::string& pemPath);
KeyHandle loadPrivateKeyDer(ByteView pkcs8Der);
SecureBuffer privateKeyDer(const KeyHandle& key);  // PKCS#8

KeyHandle generateRsa(std::size_t bits, ByteView publicExponent);
KeyHandle generateEcP256();
// Builds an RSA private key from its primes and public exponent (PUT DATA import).
KeyHandle rsaFromPrimes(ByteView p, ByteView q, ByteView e);

bool isRsa(const KeyHandle& key);
std::size_t keyBits(const KeyHandle& key);
Bytes rsaModulus(const KeyHandle& key);
Bytes rsaPublicExponent(const KeyHandle& key);
Bytes ecPublicPoint(const KeyHandle& key);  // uncompressed 04||X||Y
std::size_t ecOrderBytes(const KeyHandle& key);

// Raw PKCS#1 v1.5 type-1 signature of `digestInfo` (the card pads, the caller built the DigestInfo).
Bytes rsaSignPkcs1(const KeyHandle& key, ByteView digestInfo);
Bytes rsaSignPss(const KeyHandle& key, ByteView hash, PssHash md);
// ECDSA of `hash`, returned as r||s, each the order's size.
Bytes ecdsaSign(const KeyHandle& key, ByteView hash);
// PKCS#1 v1.5 decryption; throws KeyError on a bad cryptogram or padding.
SecureBuffer rsaDecryptPkcs1(const KeyHandle& key, ByteView cryptogram);

}  // namespace ias::vcard
