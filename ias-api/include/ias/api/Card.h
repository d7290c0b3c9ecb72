#pragma once
// One IAS-ECC card over an ias::Transport: identification, the PKCS#15 application, certificates and
// public keys (cached), PINs, signatures, deciphering and administration, with secure messaging where the
// card's access rules demand it (docs/ias-api.md). Every public operation runs inside one card transaction.
//
// Errors: ias::CardError kinds for the card's status words (PinIncorrect carries the tries left,
// PinBlocked …), ias::sm::SmError for secure-messaging failures (wrong keys: AuthenticationFailed),
// ias::CardRemovedError / ReaderUnavailableError from the transport, ApiError for what this layer decides
// itself (PinFormat before anything is sent, PinRequired, SecurityStateLost after a reset by another
// application, SmKeysMissing, NotFound, NotSupported …), Pkcs15Error for malformed card content.
// A Card is not thread-safe: callers serialise access (the PKCS#11 module holds a lock per token).
#include <memory>

#include "ias/apdu/SecureBuffer.h"
#include "ias/apdu/Transport.h"
#include "ias/api/ApiError.h"
#include "ias/api/CardModel.h"
#include "ias/api/ChallengeResponse.h"
#include "ias/api/ContentCache.h"
#include "ias/api/SmKeyStore.h"

namespace ias::api {

// What an interrupted administration can leave on a card (docs/ias-api.md, "Interrupted administration").
struct AdministrationFinding {
    enum class Kind {
        InterruptedRewrite,          // a directory file's rewrite stopped half-way: readers see part of it
        LeftoverJournal,             // the journal EF of a rewrite that finished or never began
        PublicKeyWithoutPrivateKey,  // a PuKDF entry whose key has no PrKDF entry
        UnlistedKey,                 // key SDOs that no PrKDF entry names
        UnlistedCertificateFile,     // a certificate EF that no CDF entry names
    };
    Kind kind;
    std::string description;
    bool repaired = false;
    // Whether readers see neither the old nor the new state until it is repaired (the others are invisible
    // leftovers or an extra public key).
    bool interrupted() const { return kind == Kind::InterruptedRewrite; }
};

class Card {
public:
    struct Impl;

    struct Options {
        // Public content cache; null: the Card keeps a private one (it still serves repeated reads).
        std::shared_ptr<ContentCache> cache;
        // SM keys; null: SmKeyStore::load() the first time secure messaging is needed.
        std::shared_ptr<const SmKeyStore> smKeys;
        // A private directory (persistentCacheDirectory()) where the public content is kept between
        // processes; empty: none. Content from it is used only after the card's TokenInfo and CDF, read
        // anew, equal the kept ones (docs/performance.md, "Persistent cache").
        std::string persistentCacheDir;
        // Take the record kept in persistentCacheDir whose TokenInfo head (serial, label, flags: one SELECT
        // and one READ BINARY) equals the card's as the card's content, the other files unconfirmed (no other
        // command for identity or discovery; no record: ApiError NotFound). For showing at once what the card
        // most probably holds while another Card object, without this option, confirms it. Nothing is
        // written back.
        bool trustKeptContent = false;
    };

    // One card transaction over several calls of this Card, a unit of work (e.g. a start: TokenInfo, then
    // the retry counters), so that a DF one call selected serves the next instead of being selected again.
    // Other applications wait for it: hold it for a few commands only.
    class Hold {
    public:
        explicit Hold(Card& card);
        ~Hold();
        Hold(const Hold&) = delete;
        Hold& operator=(const Hold&) = delete;

    private:
        Impl& impl_;
    };

    // The transport must outlive the Card. Nothing is sent before the first call.
    explicit Card(Transport& transport);
    Card(Transport& transport, Options options);
    ~Card();
    Card(const Card&) = delete;
    Card& operator=(const Card&) = delete;

    // --- reading (public content, cached) ---
    // ATR, EF.SN serial, EF.ATR buffer sizes (READ BINARY by SFI; SELECT MF only if that fails).
    const CardIdentity& identity();
    // EF.DIR → SELECT AID → ODF, TokenInfo, AODF, PrKDF, PuKDF, CDF; built once per Card.
    const Application& application();
    // The DER certificate with that iD, read to its ASN.1 length in the largest chunks the card allows.
    Bytes certificate(ByteView certificateId);
    // A key's public half: GET DATA on BF A0 rr (RSA), else from its certificate (EC).
    PublicKey publicKey(ByteView keyId);

    // --- PINs (authId of the AODF entry). PINs only in SecureBuffers. ---
    // What the card says of every PIN and private key without using any (the CHV SDO: length rules, tries
    // maximum, access rules; the key's DOCP: its access rules), cached and kept like all public content: a
    // GET DATA for each not yet known. So a start from kept content asks the card for the retry counters
    // only, and a first signature for the signature only. One that cannot be read is left for the
    // operation that needs it to report.
    void readSdoDescriptions();
    PinStatus pinStatus(ByteView pinAuthId);
    // Throws ApiError(PinFormat) for an empty PIN or one outside the length and character rules (nothing
    // sent), PinIncorrect (tries left) / CardError(PinBlocked) from the card.
    void verifyPin(ByteView pinAuthId, const SecureBuffer& pin);
    void changePin(ByteView pinAuthId, const SecureBuffer& oldPin, const SecureBuffer& newPin);
    // VERIFY of the PUK named by the PIN's AODF entry (or the card's RESET rule), then RESET RETRY COUNTER
    // with the new PIN (P1 02) or, when `newPin` is null, the counter only (P1 03).
    void unblockPin(ByteView pinAuthId, const SecureBuffer& puk, const SecureBuffer* newPin);
    // The PUK unblockPin verifies for this PIN (its AODF link, else the PIN the card's RESET rule names);
    // null when the card asks for no PUK. Its tries left: pinStatus(puk->authId).
    const PinInfo* unblockingPuk(ByteView pinAuthId);

    // --- PIN entry on the reader's PIN-pad (PC/SC part 10; docs/ias-api.md, "PIN-pad readers") ---
    // The PIN never enters the host: the reader fills the APDU template this layer builds from the card's
    // PIN rules (ASCII digits, FF-padded to the card's maximum length).
    // Whether the reader offers PIN entry at all (asks the reader, not the card).
    bool readerHasPinPad();
    // Whether this PIN can be entered on the reader: the reader verifies PINs and the card's VERIFY rule does
    // not demand secure messaging (a PIN-pad sends its APDU in clear; it cannot wrap it).
    bool pinEntryOnReader(ByteView pinAuthId);
    // Same errors as verifyPin/changePin (PinIncorrect with tries left, CardError(PinBlocked) …), plus
    // ias::PinEntryError (Cancelled, Timeout, Mismatch, LengthRange, Refused) from the reader, and
    // ApiError(NotSupported) when the reader has no PIN-pad or the card wants this PIN under secure
    // messaging.
    void verifyPinOnReader(ByteView pinAuthId);
    // The current PIN, then the new PIN twice, on the reader; one CHANGE REFERENCE DATA (old || new).
    void changePinOnReader(ByteView pinAuthId);
    // The PUK (as unblockPin finds it) typed on the reader, then RESET RETRY COUNTER with `newPin` (P1 02)
    // or, when it is null, the counter only (P1 03).
    void unblockPinOnReader(ByteView pinAuthId, const SecureBuffer* newPin);
    // Whether unblockPinOnReader can take this PIN's PUK on the reader (pinEntryOnReader of unblockingPuk):
    // the one choice "PUK on the pad or typed" of ias-tool and the PIN window.
    bool pukEntryOnReader(ByteView pinAuthId);

    // --- cryptography with the key whose PrKDF iD is `keyId` ---
    // `pin`, when given, is verified in the same card transaction just before (what an always-authenticate
    // key needs for each signature). Throws ApiError(NotSupported) for a mechanism the key does not list,
    // ApiError(PinRequired) when the card wants the PIN verified first.
    Bytes sign(ByteView keyId, SignMechanism mechanism, ByteView input, const SecureBuffer* pin = nullptr);
    // PKCS#1 v1.5 decipher (PSO DECIPHER, chained); the plaintext stays in secure memory.
    SecureBuffer decipher(ByteView keyId, ByteView cryptogram, const SecureBuffer* pin = nullptr);

    // --- keys by purpose (what the tools and challenge-response use) ---
    // The card's authentication key: the first key that signs, is protected by the authentication PIN, is
    // neither non-repudiation nor always-authenticate and has a certificate. ApiError(NotFound) if none.
    const KeyInfo& authenticationKey();
    // The qualified-signature key (documents, ias-sign's default): the first key that signs, is qualified
    // (non-repudiation or always-authenticate) and has a certificate. ApiError(NotFound) if none.
    const KeyInfo& qualifiedSignatureKey();

    // --- challenge-response (docs/challenge-response.md) ---
    // Signs SHA-256(challengeMessage(context, challenge)) with `keyId` through sign(): PKCS#1 v1.5 with the
    // SHA-256 DigestInfo when the key does it, else RSA-PSS SHA-256, else ECDSA. Throws what
    // challengeMessage() throws (before anything is sent), ApiError(NotSupported) for a qualified
    // signature key (non-repudiation or always-authenticate) or a key that can do none of them, and what
    // sign() throws.
    ChallengeSignature authenticate(ByteView keyId, std::string_view context, ByteView challenge,
                                    const SecureBuffer* pin = nullptr);

    // --- administration under secure messaging (the application's CREATE/PUT rules) ---
    // Creates the key SDOs, PUT DATA of the exponent, GENERATE, then adds PrKDF and PuKDF entries.
    KeyInfo generateKey(const KeyGenerationRequest& request);
    // Writes the certificate to a new EF (CREATE FILE, UPDATE BINARY) and adds its CDF entry, replacing a
    // certificate with the same iD.
    void storeCertificate(ByteView der, const CertificateStoreRequest& request);
    void deleteCertificate(ByteView certificateId);
    // Deletes the key SDOs and the PrKDF/PuKDF entries (not its certificate).
    void deleteKey(ByteView keyId);

    // Looks for what an interrupted administration left (the journal EF 70FF of a directory rewrite,
    // public keys without private key, key SDOs and certificate EFs no entry names) and, with `repair`,
    // finishes or removes it under the card's rules (secure messaging). Empty: nothing found.
    std::vector<AdministrationFinding> checkAdministration(bool repair);

    // Forgets the cached content of this card (the next read goes to the card).
    void forgetCachedContent();

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace ias::api
