#pragma once
// What the Cryptoki module needs from the card layer, and nothing more. No Cryptoki types here: an adapter
// over ias-api implements this interface; tests use an in-process fake. Every failure is a BackendError
// carrying a BackendErrc; the module maps those to CKR_* in one place (ErrorMapping.cpp).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/SecureBuffer.h"

namespace ias::p11 {

enum class BackendErrc {
    NoCard,             // no card in the reader (or the reader is gone)
    CardRemoved,        // the card was removed or replaced during the call: every handle on it is void
    PinIncorrect,       // the card refused the PIN; BackendError::triesLeft() tells how many tries remain
    PinBlocked,         // the PIN (or PUK) is blocked
    PinLengthInvalid,   // the PIN does not fit the card's rules (checked before sending when possible)
    PinNotInitialized,  // the PIN was never set on this card
    NotAuthenticated,  // the card's security status is not satisfied (login lost, e.g. another process reset)
    Cancelled,         // the user cancelled the PIN dialog or PIN-pad entry
    PinEntryUnavailable,  // the PIN was to be asked of the user, but no dialog could be shown (no display)
    Timeout,              // PIN-pad entry timed out
    KeyUnusable,          // this key cannot do that (access rule: never, or algorithm not supported)
    InputInvalid,         // the card refuses the input's format (e.g. not a DigestInfo it knows)
    InputTooLong,         // the input is longer than the key allows
    NotSupported,         // the card or the card layer does not support the function
    CardError,            // any other error status word from the card
    Communication,        // PC/SC or secure-messaging failure
    Internal              // a bug or an impossible state in the card layer
};

class BackendError : public std::runtime_error {
public:
    BackendError(BackendErrc code, const std::string& what, int triesLeft = -1)
        : std::runtime_error(what), code_(code), triesLeft_(triesLeft) {}
    BackendErrc code() const { return code_; }
    int triesLeft() const { return triesLeft_; }  // -1 when unknown

private:
    BackendErrc code_;
    int triesLeft_;
};

// The two tokens of an IAS-ECC card (ARCHITECTURE.md "Tokens").
enum class TokenRole : std::uint8_t { Authentication = 0, Signature = 1 };
inline constexpr std::size_t kTokenRoles = 2;

enum class KeyKind { Rsa, Ec };
enum class HashAlg { Sha1, Sha224, Sha256, Sha384, Sha512 };

// The backend's own references: the module only hands them back.
using PinRef = std::uint32_t;
using KeyRef = std::uint32_t;

struct PinInfo {
    int triesLeft = -1;  // -1: unknown
    int maxTries = -1;   // -1: unknown
    std::size_t minLength = 4;
    std::size_t maxLength = 8;
    bool digitsOnly = false;  // the card takes the digits 0-9 only (PKCS#15 type asciiNumeric or bcd)
    bool blocked = false;
    bool initialized = true;
    // The PIN is obtained outside the application (PIN-pad reader or the module's own dialog): Cryptoki's
    // C_Login then passes no PIN and verifyPin() receives nullptr.
    bool protectedPath = false;
    // Without the protected path: the backend still obtains the PIN itself (verifyPin(nullptr)) for a
    // context-specific login, or a use of an always-authenticate key, when the application gives none.
    bool contextDialog = false;
};

// The signature algorithms a key really has on the card. The module advertises a mechanism only when one of
// the token's keys can do it.
struct SignAlgorithms {
    bool rsaPkcs1Raw = false;       // CKM_RSA_PKCS: any DigestInfo (or raw data) up to k-11 bytes
    std::vector<HashAlg> rsaPkcs1;  // DigestInfo of these hashes (CKM_SHAx_RSA_PKCS)
    std::vector<HashAlg> rsaPss;    // PSS with MGF1(same hash), salt length = hash length
    bool ecdsaRaw = false;          // CKM_ECDSA over any hash value
    std::vector<HashAlg> ecdsa;     // CKM_ECDSA_SHAx (the module hashes)
    bool operator==(const SignAlgorithms&) const = default;
};

// Common to every object.
struct ObjectCommon {
    Bytes id;                       // CKA_ID: equal for a certificate and its keys
    std::string label;              // CKA_LABEL (UTF-8)
    bool hiddenUntilLogin = false;  // listed only after C_Login (IAS-ECC shows its keys without login)
    bool operator==(const ObjectCommon&) const = default;
};

struct CertificateInfo : ObjectCommon {
    Bytes der;               // the X.509 certificate
    bool authority = false;  // a CA certificate: CKA_CERTIFICATE_CATEGORY 2
    bool trusted = false;    // CKA_TRUSTED
    bool operator==(const CertificateInfo&) const = default;
};

struct PublicKeyInfo : ObjectCommon {
    KeyKind kind = KeyKind::Rsa;
    std::size_t bits = 0;  // modulus bits, or the curve's field size
    Bytes modulus;         // RSA, unsigned big-endian
    Bytes publicExponent;  // RSA, unsigned big-endian
    Bytes ecParams;        // EC: DER of the namedCurve OID (ECParameters)
    Bytes ecPoint;         // EC: uncompressed point 04||X||Y, without the OCTET STRING wrapper
    bool local = false;    // CKA_LOCAL: the card generated the key (PKCS#15 accessFlags local)
    // A public key's uses (CKA_ENCRYPT, CKA_VERIFY), from its PuKDF usage. Not used on a private key.
    bool encrypt = false;
    bool verify = false;
    bool operator==(const PublicKeyInfo&) const = default;
};

struct PrivateKeyInfo : PublicKeyInfo {
    KeyRef ref = 0;
    bool sign = false;
    bool decrypt = false;
    bool alwaysAuthenticate = false;  // each use needs a fresh PIN verification (qualified signature key)
    bool needsLogin = true;           // using it needs the token's user PIN
    SignAlgorithms algorithms;
    bool operator==(const PrivateKeyInfo&) const = default;
};

struct TokenDescription {
    TokenRole role = TokenRole::Authentication;
    std::string label;  // shown by browsers: say which PIN it asks for
    PinRef userPin = 0;
    std::optional<PinRef> soPin;  // the PUK
    std::vector<CertificateInfo> certificates;
    std::vector<PrivateKeyInfo> privateKeys;
    // A private key without a public key here gets one made by the module: local as the private key,
    // encrypting when it decrypts, verifying when it signs.
    std::vector<PublicKeyInfo> publicKeys;
    bool operator==(const TokenDescription&) const = default;
};

struct CardDescription {
    std::string manufacturer;
    std::string model;
    std::string serialNumber;  // printable; the module keeps its last 16 characters
    std::uint8_t hardwareMajor = 0, hardwareMinor = 0, firmwareMajor = 0, firmwareMinor = 0;
    std::vector<TokenDescription> tokens;  // at most one per role
    bool operator==(const CardDescription&) const = default;
};

enum class SignScheme { RsaPkcs1, RsaPss, Ecdsa };

struct SignRequest {
    SignScheme scheme = SignScheme::RsaPkcs1;
    // RsaPkcs1: the hash whose DigestInfo `input` is, when the module built it; nullopt for CKM_RSA_PKCS
    // input. RsaPss / Ecdsa: the hash `input` is the value of (Ecdsa with CKM_ECDSA: guessed from the length,
    // may be nullopt).
    std::optional<HashAlg> hash;
    // RsaPkcs1: DigestInfo (or raw data) to pad with PKCS #1 v1.5 type 1. RsaPss, Ecdsa: the hash value.
    ByteView input;
};

// One inserted card. Calls are serialised by the module (one at a time per card).
class CardConnection {
public:
    virtual ~CardConnection() = default;
    // Objects and tokens. Read once per insertion by the module; keep it cheap on a known card (cache).
    virtual CardDescription describe() = 0;
    virtual PinInfo pinInfo(PinRef pin) = 0;
    // The PIN's state with the card's retry counters (tries left, blocked), which may cost APDUs: asked once
    // per insertion, at the first C_GetTokenInfo of a token; pinInfo() serves the refreshes after PIN
    // operations. A backend whose pinInfo() always has the counters need not override it.
    virtual PinInfo pinCounters(PinRef pin) { return pinInfo(pin); }
    // pin == nullptr: the backend obtains it itself (protected authentication path).
    virtual void verifyPin(PinRef pin, const SecureBuffer* value) = 0;
    // Forget the card's verified state for that PIN (best effort).
    virtual void logout(PinRef pin) = 0;
    virtual void changePin(PinRef pin, const SecureBuffer* oldValue, const SecureBuffer* newValue) = 0;
    // Unblock `pin` with the PUK `puk` (value as given at the SO login; nullptr: protected path) and set
    // `newValue` (nullptr: keep the current PIN, only reset the counter).
    virtual void unblockPin(PinRef pin, PinRef puk, const SecureBuffer* pukValue,
                            const SecureBuffer* newValue) = 0;
    // RSA: the signature (modulus length). ECDSA: r||s, each the size of the curve order.
    virtual Bytes sign(KeyRef key, const SignRequest& request) = 0;
    // RSA PKCS #1 v1.5 decryption: the message without padding.
    virtual SecureBuffer decrypt(KeyRef key, ByteView cryptogram) = 0;

    // Reading ahead (docs/performance.md, "Browser start"). What the card most probably holds, from content
    // kept between processes, without any command: a connection whose describe() answers from that content
    // and whose pinCounters() ask this card (nothing else may be asked of it). Null when nothing usable is
    // kept; the module then reads the card with describe().
    virtual std::unique_ptr<CardConnection> keptView() { return nullptr; }
    // A kept view ends the card transaction it holds; it stays usable (its content, once another process
    // confirmed it, serves the card's operations: the module then keeps this very view as the card).
    virtual void release() noexcept {}
    // Ends a describe() that runs on another thread at its next command (C_Finalize). Thread-safe.
    virtual void stop() noexcept {}
    // Commands sent to the card so far (the log of a read ahead).
    virtual std::uint64_t commandsSent() const noexcept { return 0; }
};

struct ReaderStatus {
    std::string
        name;  // unique among the readers present; a reader coming back under this name keeps its slots
    bool cardPresent = false;
    std::uint64_t insertion = 0;  // changes whenever a (new) card is inserted; same card, same value
};

// A confirmation of kept content made by another process (the ias-card-confirm helper, docs/pkcs11.md
// "Reading ahead"), where the application forbids the module threads of its own: processes are not threads.
// Destroying it ends the other process if still running and reaps it.
class RemoteConfirmation {
public:
    virtual ~RemoteConfirmation() = default;
    // The descriptionDigest() of what the card held, read in one card transaction of the insertion the
    // confirmation was started for; nullopt, with the reason in `why`, when it cannot say (failed, stopped,
    // another insertion). Blocks until the other process has answered.
    virtual std::optional<std::string> verdict(std::string& why) = 0;
    // verdict() would not block.
    virtual bool ready() = 0;
    // The other process ends soon (C_Finalize). Thread-safe.
    virtual void stop() noexcept = 0;
};

// Readers and cards. One per C_Initialize.
class TokenBackend {
public:
    virtual ~TokenBackend() = default;
    // Cheap: no card access (PC/SC status only).
    virtual std::vector<ReaderStatus> readers() = 0;
    // Blocks until readers or cards may have changed, `timeout` passed, or cancelWait() was called.
    // Returns false on timeout or cancel.
    virtual bool waitForChange(std::chrono::milliseconds timeout) = 0;
    // Releases every waitForChange() (C_Finalize). Thread-safe; later waits return at once.
    virtual void cancelWait() = 0;
    virtual std::unique_ptr<CardConnection> connect(const std::string& reader) = 0;
    // Starts the confirmation of the card's kept content in another process; null when the backend has none
    // or it cannot start (why is logged): the module then confirms on the caller's thread.
    virtual std::unique_ptr<RemoteConfirmation> confirmElsewhere(const std::string& /*reader*/,
                                                                 std::uint64_t /*insertion*/) {
        return nullptr;
    }
    // Whether this build of the module shows tokens of `role` as slots at all: both roles, or only the
    // authentication token in the browsers' module (libias-pkcs11-auth.so), so that a site asking for a
    // client certificate never makes the browser ask for the signature PIN (docs/pkcs11.md, "Two modules").
    virtual bool offers(TokenRole /*role*/) const { return true; }
};

// The one backend a build of the module uses (production: the ias-api adapter; tests: the fake).
std::unique_ptr<TokenBackend> makeTokenBackend();

}  // namespace ias::p11
