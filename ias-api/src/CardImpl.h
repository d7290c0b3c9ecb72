#pragma once
// Internal: the state of one Card and the card I/O every operation uses (selection, reads sized by EF.ATR,
// GET DATA with the cache, secure-messaging sessions opened from the card's own rules).
#include <functional>
#include <optional>
#include <string>

#include "SdoData.h"
#include "ias/api/Card.h"
#include "ias/sm/SmSession.h"

namespace ias::api {

// A PKCS#15 directory file as read: where it is, how big the EF is, and its content up to the filling.
struct DirectoryFile {
    Path path;
    std::size_t fileSize = 0;
    Bytes content;              // objects only (no filling)
    detail::AccessRules rules;  // from its FCP
};

struct Card::Impl {
    Impl(Transport& t, Options o);

    Transport& transport;
    Options options;
    std::optional<CardIdentity> identity;
    std::string cardKey;  // cache key of this card: ATR/serial

    // The PKCS#15 application as parsed, kept with the files for administration.
    std::optional<Application> app;
    std::vector<PinObject> pinObjects;
    std::vector<PrivateKeyObject> privateKeys;
    std::vector<PublicKeyObject> publicKeys;
    std::vector<CertificateObject> certificateObjects;
    std::optional<DirectoryFile> aodf, prkdf, pukdf, cdf;

    // --- operations: one card transaction each; a reset by another application is recovered ---
    enum class Kind { PublicRead, Stateful };
    void run(Kind kind, const std::function<void()>& body);

    // --- selection (valid inside one transaction only) ---
    enum class Df { Unknown, Mf, App };
    Df current = Df::Unknown;
    int holds = 0;  // Card::Hold objects alive: run() is inside their transaction, `current` stays true
    void selectMf();
    void selectApp();                          // the PKCS#15 application, by AID
    Bytes appFid;                              // the application DF's FID (its FCP), for paths from the MF
    detail::Fcp applicationFcp();              // SELECT by AID with the FCP, cached
    detail::Fcp selectEf(ByteView fid);        // an EF of the current DF, with its FCP
    detail::Fcp selectPath(const Path& path);  // a PKCS#15 path (relative to the application)
    void selectDf(Df df) { df == Df::Mf ? selectMf() : selectApp(); }

    // --- transmission: under the open SM session if there is one ---
    std::optional<sm::SmSession> sm;
    ResponseApdu transmit(const CommandApdu& command);
    ResponseApdu transmitChecked(const CommandApdu& command, const std::string& what);
    // Opens an SM session as SCB `rule` of an object in `df` demands (SE n → A4 CRT with usage C0 →
    // algorithm and keyset), the DF being current. Throws ApiError(SmKeysMissing) without keys.
    void openSm(detail::Scb rule, Df df);
    void closeSm() noexcept;

    // --- reading ---
    std::size_t readChunk() const;  // largest READ BINARY Le the card and the interface allow
    Bytes readBinary(std::size_t offset, std::size_t length, bool exact);
    Bytes readBinaryOnce(std::size_t at, std::size_t want);  // one READ BINARY; empty: end of file
    // A file of PKCS#15 objects: read chunk by chunk until the filling or its end.
    Bytes readObjectList(std::size_t fileSize);
    // One DER object (a certificate) at `offset`: first chunk, then exactly the rest its length names.
    Bytes readDerObject(std::size_t offset, std::size_t limit);

    // --- cached public content ---
    std::optional<Bytes> cached(const std::string& name) const;
    void remember(const std::string& name, const Bytes& content);
    std::string dfName(Df df) const;
    // GET DATA on an SDO of `df` (selected when needed), cached. Nullopt for 6A88 (absent).
    std::optional<detail::SdoAnswer> sdo(Df df, std::uint8_t sdoClass, std::uint8_t ref, std::uint32_t tag,
                                         bool useCache = true);
    std::vector<detail::Crt> environment(Df df, std::uint8_t se);

    // --- persistent cache (CardPersistence.cpp): public content kept between processes ---
    enum class Restore { Restored, NoRecord, Changed };
    bool dirty = false;  // entries remembered since the last store
    // Inside a transaction: the record of this card type whose TokenInfo and CDF equal the card's (read now)
    // gives the identity and every other entry. Files read here are kept for the cold path.
    Restore restoreFromDisk();
    std::vector<std::pair<std::string, Bytes>> freshlyRead;
    void storeToDisk() noexcept;
    void setIdentity(const Bytes& efSn, const Bytes& efAtr);
    // The FCP kept for a file: its size and access rules (all the layer needs).
    static Bytes minimalFcp(const detail::Fcp& fcp);

    // --- discovery ---
    void loadIdentity();
    // READ BINARY of a factory EF by its SFI from wherever the card is; the MF only if the card wants it.
    Bytes readBySfi(std::uint8_t sfi, const char* what);
    // After identity or application discovery failed: nothing read for this card stays in the cache.
    void forgetAfterFailedRead();
    void loadApplication();
    DirectoryFile loadDirectoryFile(const Path& path);
    void buildModel();
    const SmKeyStore& smKeys();
    std::shared_ptr<const SmKeyStore> loadedKeys;

    // --- helpers of the operations ---
    const PinInfo& pin(ByteView authId);
    const KeyInfo& key(ByteView id);
    Df pinDf(const PinInfo& pin) const { return pin.local ? Df::App : Df::Mf; }
    void verifyInTransaction(const PinInfo& pin, const SecureBuffer& value);
    SecureBuffer formatPin(const PinInfo& pin, const SecureBuffer& value, bool pad);
    detail::SdoAnswer chvInfo(const PinInfo& pin);
    // The PUK whose VERIFY the card's RESET rule asks for (inside a transaction); null if none is found.
    const PinInfo* unblockingPuk(const PinInfo& pin, const detail::Scb& resetRule);
    // RESET RETRY COUNTER of `pin` (inside a transaction), setting `newPin` if given; `verifyPuk` verifies
    // the PUK when the card's rule asks for it (from the host or on a PIN-pad).
    void resetRetryCounter(const PinInfo& pin, const SecureBuffer* newPin,
                           const std::function<void(const PinInfo& puk)>& verifyPuk);
};

// Upper-case hex of an AID or FID for cache and configuration names.
std::string hexName(ByteView bytes);

}  // namespace ias::api
