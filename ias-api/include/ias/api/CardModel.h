#pragma once
// The card as the PKCS#11 module and the tools see it: value types built from EF.ATR, EF.SN and the
// PKCS#15 application (docs/ias-api.md, "The card model"). Identifiers are the PKCS#15 ones (authId of a
// PIN, iD of a key and its certificate), so a PKCS#11 object maps 1:1 to one of these.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ias/api/Pkcs15Types.h"

namespace ias::api {

// EF.ATR tag E0 (facts §2): the largest command data and response data the card handles, plain and under
// secure messaging. Reads and writes are sized by these, never by fixed chunks.
struct BufferSizes {
    std::size_t send = 255;
    std::size_t sendSm = 231;
    std::size_t receive = 256;
    std::size_t receiveSm = 231;
};

struct CardIdentity {
    Bytes atr;
    Bytes serial;      // EF.SN's 5A value (SN.ICC for secure messaging is its last 8 bytes)
    Bytes preIssuing;  // EF.ATR tag 46: IC maker, IC type, OS version, IAS-ECC version
    BufferSizes buffers;
    Bytes efAtr;  // EF.ATR as read
};

enum class PinRole {
    Authentication,  // protects keys without non-repudiation (the "global" PIN)
    Signature,       // protects a non-repudiation key (the qualified signature PIN)
    Unblocking,      // the PUK (AODF unblockingPin flag); the SO PIN of the PKCS#11 tokens
};

// "authentication", "signature", "unblocking (PUK)": how the tools name a PIN's role.
const char* toString(PinRole role);

struct PinInfo {
    Bytes authId;  // AODF authId: what keys name in their authId
    std::string label;
    PinRole role = PinRole::Authentication;
    std::uint8_t reference = 0;  // VERIFY P2: 80|n local to the application, n global (MF)
    bool local = false;
    Bytes unblockedBy;  // authId of the PUK (the PIN's CommonObjectAttributes.authId), empty if none
    PinType type = PinType::AsciiNumeric;
    std::size_t minLength = 0;
    std::size_t maxLength = 0;  // 0 when neither AODF nor card says
    std::size_t storedLength = 0;
    std::optional<std::uint8_t> padChar;
    bool needsPadding = false;  // AODF needs-padding: pad to storedLength with padChar
    bool changeDisabled = false;
    bool unblockDisabled = false;
};

// From VERIFY without data (9000 / 63Cx / 6983) and the CHV SDO (GET DATA: 9A max tries, 7F41 lengths).
struct PinStatus {
    bool verified = false;
    bool blocked = false;
    std::optional<int> triesLeft;  // absent when verified (the card does not say)
    std::optional<int> maxTries;
    std::size_t minLength = 0;  // the card's rule, narrowed by the AODF
    std::size_t maxLength = 0;
};

enum class SignMechanism {
    RsaPkcs1,              // input: a DigestInfo; the card pads (algRef 02; INTERNAL AUTHENTICATE)
    RsaPkcs1Sha1,          // input: the message; SHA-1 finished on the card (12; PSO HASH + PSO CDS)
    RsaPkcs1Sha256,        // input: the message; SHA-256 finished on the card (42)
    RsaPkcs1Sha1Digest,    // input: a 20-byte SHA-1 digest (12; PSO HASH 90 14 digest + PSO CDS)
    RsaPkcs1Sha256Digest,  // input: a 32-byte SHA-256 digest (42)
    RsaPssSha256,          // input: a 32-byte hash (35, extended profile)
    RsaPssSha384,          // input: a 48-byte hash (36)
    RsaPssSha512,          // input: a 64-byte hash (37)
    Ecdsa,                 // input: a hash; output r||s (70, extended profile)
};
const char* toString(SignMechanism mechanism);

struct KeyInfo {
    Bytes id;  // PKCS#15 iD: the certificate and the public key with the same iD belong to it
    std::string label;
    KeyType type = KeyType::Rsa;
    std::uint32_t bits = 0;           // modulus or field size
    std::uint32_t usage = 0;          // key_usage bits
    std::uint8_t keyReference = 0;    // the SDO reference (BF 90 / BF A0 rr)
    Bytes aid;                        // the application that holds the SDO
    Bytes pinAuthId;                  // the PIN that protects its use
    bool alwaysAuthenticate = false;  // userConsent: the PIN must be verified for every use
    std::vector<SignMechanism> signMechanisms;
    bool canDecipher = false;
    std::vector<std::uint8_t> cardAlgorithms;     // algRef bytes (PrKDF algRefs → TokenInfo), in card order
    std::vector<std::uint32_t> pkcs11Mechanisms;  // the CKM_ values TokenInfo names for those algRefs
    Bytes subject;                                // DER Name from the PrKDF, may be empty
    bool hasCertificate = false;                  // a CDF entry with the same iD
    bool hasPublicKeyObject = false;              // a PuKDF entry with the same iD
    bool local = false;                           // PrKDF accessFlags local: the card generated the key
    std::uint32_t publicUsage = 0;                // the PuKDF entry's key_usage bits (hasPublicKeyObject)
    bool publicLocal = false;                     // the PuKDF entry's accessFlags local (hasPublicKeyObject)
    bool supports(SignMechanism m) const;
    // A qualified-signature key: non-repudiation usage, or a PIN for every use (always-authenticate).
    bool qualified() const;
};

struct PublicKey {
    KeyType type = KeyType::Rsa;
    Bytes modulus;       // RSA, big-endian without leading zero
    Bytes exponent;      // RSA
    Bytes ecPoint;       // EC: 04 || X || Y
    Bytes ecParameters;  // EC: DER namedCurve OID (from the certificate)
};

struct CertificateInfo {
    Bytes id;
    std::string label;
    bool authority = false;
    Path path;  // relative to the application; index/length when given
};

// The PKCS#15 application of the card.
struct Application {
    Bytes aid;
    std::string label;  // EF.DIR label
    TokenInfo tokenInfo;
    std::vector<PinInfo> pins;
    std::vector<KeyInfo> keys;
    std::vector<CertificateInfo> certificates;
    const PinInfo* findPin(ByteView authId) const;
    const KeyInfo* findKey(ByteView id) const;
    const CertificateInfo* findCertificate(ByteView id) const;
    // A key that signs and that a PIN of the authentication role protects (not the signature PIN's keys).
    bool isAuthenticationKey(const KeyInfo& key) const;
};

// Administration requests (under secure messaging with the application's administration keyset).
struct KeyGenerationRequest {
    Bytes id;  // new PKCS#15 iD, unused on the card
    std::string label;
    std::uint32_t bits = 2048;
    Bytes publicExponent{0x01, 0x00, 0x01};
    Bytes pinAuthId;                           // the PIN that will protect the key
    std::uint32_t usage = key_usage::kSign;    // key_usage bits
    bool alwaysAuthenticate = false;           // userConsent 1
    std::optional<std::uint8_t> keyReference;  // SDO reference; default: the first free one
};

struct CertificateStoreRequest {
    Bytes id;  // the key's iD; an existing certificate with this iD is replaced
    std::string label;
    bool authority = false;
};

}  // namespace ias::api
