#pragma once
// The persistent content of the virtual card: its file tree and, in each DF, the security data objects
// (SDOs) that IAS-ECC keeps there: CHVs (PINs), keys, SM keysets and security environments.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/SecureBuffer.h"
#include "vcard/Acl.h"
#include "vcard/KeyCrypto.h"

namespace ias::vcard {

// SDO classes (the middle byte of the SDO ID "BF cc rr" without its 0x80 bit).
namespace sdoclass {
inline constexpr std::uint8_t Chv = 0x01;
inline constexpr std::uint8_t Keyset = 0x0A;
inline constexpr std::uint8_t PrivateKey = 0x10;
inline constexpr std::uint8_t PublicKey = 0x20;
inline constexpr std::uint8_t Se = 0x7B;
}  // namespace sdoclass

struct Chv {
    std::uint8_t ref = 0;  // 1..31
    SecureBuffer value;    // the PIN without padding
    std::size_t minLength = 4;
    std::size_t maxLength = 8;
    int tries = 3;  // the maximum
    int left = 3;   // tries left; 0 = blocked
    Acl acl;
};

struct Keyset {
    std::uint8_t ref = 0;
    SecureBuffer enc;  // 16 bytes
    SecureBuffer mac;  // 16 bytes
    Acl acl;
};

// One control reference template of a security environment: tag (A4, B6, B8, AA) with usage (95),
// references (83, 84) and algorithm (80).
struct Crt {
    std::uint8_t tag = 0;
    std::uint8_t usage = 0;
    std::uint8_t algorithm = 0;
    std::vector<std::uint8_t> refs;
};

struct SecurityEnvironment {
    std::uint8_t ref = 0;  // 1..15
    Bytes crts;            // the value of tag 7B
    Acl acl;
    // Throws TlvError when `crts` is not a list of CRTs.
    std::vector<Crt> parsedCrts() const;
    std::optional<Crt> find(std::uint8_t tag, std::uint8_t usage) const;
};

enum class KeyType { Rsa, Ec };

// A key pair: the private SDO BF90 ref and the public SDO BFA0 ref. Either may exist alone while an
// administrator builds the key with PUT DATA; `key` is empty until it is generated or imported.
struct KeyPair {
    std::uint8_t ref = 0;
    KeyType type = KeyType::Rsa;
    bool hasPrivate = true;
    bool hasPublic = true;
    Acl acl;                               // of the private SDO
    Acl pubAcl;                            // of the public SDO
    std::vector<std::uint8_t> algorithms;  // accepted MSE algorithm references; empty = the RSA PKCS#1 set
    bool consent = false;                  // each signature needs a fresh VERIFY (profile key consent=1)
    std::size_t bits = 0;                  // key size for GENERATE when `key` is empty
    KeyHandle key;
    Bytes publicExponent{0x01, 0x00, 0x01};         // for GENERATE and import
    std::map<std::uint32_t, SecureBuffer> pending;  // imported private components (7F48 92..96)
    Bytes pendingModulus;                           // public modulus put before the private key
    std::size_t sizeBytes() const;                  // modulus (RSA) or field (EC) size in bytes
    bool accepts(std::uint8_t algorithm) const;
};

struct FileNode {
    std::uint16_t fid = 0;
    bool isDf = false;
    Bytes aid;                        // DF name (DF only)
    std::optional<std::uint8_t> sfi;  // EF only
    Acl acl;
    std::size_t size = 0;  // EF: fixed size; content beyond `data` reads as 00
    Bytes data;
    FileNode* parent = nullptr;
    std::vector<std::unique_ptr<FileNode>> children;
    // SDOs in this DF.
    std::vector<Chv> chvs;
    std::vector<Keyset> keysets;
    std::vector<KeyPair> keys;
    std::vector<SecurityEnvironment> environments;

    std::string path() const;  // "3F00/5000/5031"
    FileNode* child(std::uint16_t fid) const;
    FileNode& addChild(std::unique_ptr<FileNode> node);
};

struct CardState {
    Bytes atr;
    Bytes serial;
    std::unique_ptr<FileNode> mf;
    // SN.ICC for secure messaging: the last 8 serial bytes, zero-padded on the left.
    Bytes snIcc() const;
};

}  // namespace ias::vcard
