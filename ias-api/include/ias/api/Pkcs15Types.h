#pragma once
// Value types of the card model as the PKCS#15 application describes it (PKCS#15 v1.1 / ISO 7816-15).
// Bit fields keep the ASN.1 bit numbering: named bit n of a BIT STRING is (1u << n) here, as in OpenSC.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ias/apdu/Bytes.h"

namespace ias::api {

// Path ::= SEQUENCE { path OCTET STRING, index INTEGER OPTIONAL, length [0] INTEGER OPTIONAL }
// index/length select a part of a transparent file (several certificates in one EF).
struct Path {
    Bytes
        value;  // concatenated file identifiers; empty for no file (an SDO key) or for the application itself
    Bytes aid;  // application named by a pathExtended ([1] { aid, path }, an OpenSC extension), else empty
    std::optional<std::uint32_t> index;
    std::optional<std::uint32_t> length;
    bool empty() const { return value.empty() && aid.empty(); }
};

// One application template (tag 61) of EF.DIR.
struct DirRecord {
    Bytes aid;          // 4F
    std::string label;  // 50, UTF-8
    Bytes path;         // 51, empty when absent (then the application is selected by AID)
    Bytes ddo;          // 73, discretionary data, kept raw
};

// Object directory: where the directory files (xDF) of the application are.
struct Odf {
    std::vector<Path> privateKeys;          // [0] PrKDF
    std::vector<Path> publicKeys;           // [1] PuKDF
    std::vector<Path> trustedPublicKeys;    // [2]
    std::vector<Path> secretKeys;           // [3] SKDF
    std::vector<Path> certificates;         // [4] CDF
    std::vector<Path> trustedCertificates;  // [5]
    std::vector<Path> usefulCertificates;   // [6]
    std::vector<Path> dataObjects;          // [7] DODF
    std::vector<Path> authObjects;          // [8] AODF
};

namespace token_flags {
inline constexpr std::uint32_t kReadOnly = 1u << 0;
inline constexpr std::uint32_t kLoginRequired = 1u << 1;
inline constexpr std::uint32_t kPrnGeneration = 1u << 2;
inline constexpr std::uint32_t kEidCompliant = 1u << 3;
}  // namespace token_flags

namespace algorithm_operations {
inline constexpr std::uint32_t kComputeChecksum = 1u << 0;
inline constexpr std::uint32_t kComputeSignature = 1u << 1;
inline constexpr std::uint32_t kVerifyChecksum = 1u << 2;
inline constexpr std::uint32_t kVerifySignature = 1u << 3;
inline constexpr std::uint32_t kEncipher = 1u << 4;
inline constexpr std::uint32_t kDecipher = 1u << 5;
inline constexpr std::uint32_t kHash = 1u << 6;
inline constexpr std::uint32_t kGenerateKey = 1u << 7;
}  // namespace algorithm_operations

// AlgorithmInfo of TokenInfo.supportedAlgorithms. On IAS-ECC, algRef is the byte the card expects in the
// MSE CRT tag 80 (e.g. 0x02 PKCS#1, 0x42 SHA-256 + PKCS#1), and PrKDF algRefs point at `reference`.
struct AlgorithmInfo {
    std::uint32_t reference = 0;
    std::uint32_t mechanism = 0;   // a PKCS#11 CKM_ value
    Bytes parameters;              // DER of the parameters element (05 00 for RSA, an OID for EC curves)
    std::uint32_t operations = 0;  // algorithm_operations bits
    std::string objectId;          // dotted form, empty when absent
    std::optional<std::uint32_t> algRef;
};

struct TokenInfo {
    std::uint32_t version = 0;  // v1 is 0
    Bytes serialNumber;
    std::string manufacturerId;
    std::string label;
    std::uint32_t flags = 0;  // token_flags bits
    std::vector<AlgorithmInfo> supportedAlgorithms;
    std::string issuerId;
    std::string holderId;
    std::string preferredLanguage;
};

namespace object_flags {
inline constexpr std::uint32_t kPrivate = 1u << 0;
inline constexpr std::uint32_t kModifiable = 1u << 1;
}  // namespace object_flags

// CommonObjectAttributes, shared by every object of every directory file.
struct CommonObjectAttributes {
    std::string label;
    std::uint32_t flags = 0;  // object_flags bits
    Bytes authId;             // the authentication object that protects this object (for a PIN: its PUK)
    std::optional<std::uint32_t> userConsent;
};

namespace pin_flags {
inline constexpr std::uint32_t kCaseSensitive = 1u << 0;
inline constexpr std::uint32_t kLocal = 1u << 1;
inline constexpr std::uint32_t kChangeDisabled = 1u << 2;
inline constexpr std::uint32_t kUnblockDisabled = 1u << 3;
inline constexpr std::uint32_t kInitialized = 1u << 4;
inline constexpr std::uint32_t kNeedsPadding = 1u << 5;
inline constexpr std::uint32_t kUnblockingPin = 1u << 6;
inline constexpr std::uint32_t kSoPin = 1u << 7;
inline constexpr std::uint32_t kDisableAllowed = 1u << 8;
inline constexpr std::uint32_t kIntegrityProtected = 1u << 9;
inline constexpr std::uint32_t kConfidentialityProtected = 1u << 10;
inline constexpr std::uint32_t kExchangeRefData = 1u << 11;
}  // namespace pin_flags

enum class PinType : std::uint8_t { Bcd = 0, AsciiNumeric = 1, Utf8 = 2, HalfNibbleBcd = 3, Iso9564_1 = 4 };

// A PIN authentication object of the AODF. On IAS-ECC the reference is VERIFY's P2 (0x80|n local, n global).
struct PinObject {
    CommonObjectAttributes common;
    Bytes authId;                // this PIN's own identifier, which other objects name in their authId
    std::uint32_t pinFlags = 0;  // pin_flags bits
    PinType type = PinType::AsciiNumeric;
    std::uint32_t minLength = 0;
    std::uint32_t storedLength = 0;
    std::optional<std::uint32_t> maxLength;
    std::uint32_t reference = 0;  // pinReference DEFAULT 0
    std::optional<std::uint8_t> padChar;
    Path path;
    bool local() const { return (pinFlags & pin_flags::kLocal) != 0; }
    bool unblockingPin() const { return (pinFlags & pin_flags::kUnblockingPin) != 0; }
    bool soPin() const { return (pinFlags & pin_flags::kSoPin) != 0; }
};

namespace key_usage {
inline constexpr std::uint32_t kEncrypt = 1u << 0;
inline constexpr std::uint32_t kDecrypt = 1u << 1;
inline constexpr std::uint32_t kSign = 1u << 2;
inline constexpr std::uint32_t kSignRecover = 1u << 3;
inline constexpr std::uint32_t kWrap = 1u << 4;
inline constexpr std::uint32_t kUnwrap = 1u << 5;
inline constexpr std::uint32_t kVerify = 1u << 6;
inline constexpr std::uint32_t kVerifyRecover = 1u << 7;
inline constexpr std::uint32_t kDerive = 1u << 8;
inline constexpr std::uint32_t kNonRepudiation = 1u << 9;
}  // namespace key_usage

namespace key_access {
inline constexpr std::uint32_t kSensitive = 1u << 0;
inline constexpr std::uint32_t kExtractable = 1u << 1;
inline constexpr std::uint32_t kAlwaysSensitive = 1u << 2;
inline constexpr std::uint32_t kNeverExtractable = 1u << 3;
inline constexpr std::uint32_t kLocal = 1u << 4;
}  // namespace key_access

enum class KeyType : std::uint8_t { Rsa, Ec };

// CommonKeyAttributes, shared by private and public keys.
struct CommonKeyAttributes {
    Bytes id;                                   // links a key to its certificate and public key
    std::uint32_t usage = 0;                    // key_usage bits
    bool native = true;                         // DEFAULT TRUE
    std::uint32_t accessFlags = 0;              // key_access bits
    std::optional<std::uint32_t> keyReference;  // on IAS-ECC: the SDO reference of the key
    std::vector<std::uint32_t> algRefs;         // [1] algReference (ISO 7816-15): TokenInfo references
};

struct PrivateKeyObject {
    CommonObjectAttributes common;
    CommonKeyAttributes key;
    KeyType type = KeyType::Rsa;
    Path path;                        // often empty on IAS-ECC (the key is an SDO)
    std::uint32_t modulusBits = 0;    // RSA
    std::uint32_t fieldSizeBits = 0;  // EC (OpenSC's fieldSize), 0 when absent
};

struct PublicKeyObject {
    CommonObjectAttributes common;
    CommonKeyAttributes key;
    KeyType type = KeyType::Rsa;
    Path path;                      // empty when the value is direct or kept in an SDO
    Bytes directValue;              // content of value [0] when the key is stored in the PuKDF itself
    std::uint32_t modulusBits = 0;  // RSA
};

struct CertificateObject {
    CommonObjectAttributes common;
    Bytes id;
    bool authority = false;  // a CA certificate
    Path path;               // index/length give the offset/length inside the file
    Bytes directValue;       // the certificate DER when stored in the CDF itself
};

}  // namespace ias::api
