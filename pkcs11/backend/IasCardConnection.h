#pragma once
// One card in one PC/SC reader (or behind another transport), seen through ias::api::Card: the card model
// mapped to the module's tokens (authentication token: global PIN, its keys, all certificates; signature
// token: signature PIN, the qualified key and its certificate; the PUK is the SO PIN of both), PINs,
// signatures, deciphering. PinRef is the index of the PIN in Application::pins, KeyRef the index of the key
// in Application::keys.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "GatedTransport.h"
#include "PinCache.h"
#include "PinDialogSource.h"
#include "PinPadEntry.h"
#include "PinSettings.h"
#include "TokenBackend.h"
#include "ias/apdu/PcscTransport.h"
#include "ias/api/Card.h"

namespace ias::p11 {

class IasCardConnection : public CardConnection {
public:
    // Connects to the card in `reader` (shared). `persistentDir`: where public content is kept between
    // processes (empty: nowhere). `forgetCache`: the card may have changed since the process last read it
    // (another insertion): its cached public content is dropped first. `pins`: the PIN dialog and cache
    // settings of the configuration file.
    IasCardConnection(const std::string& reader, std::shared_ptr<api::ContentCache> cache,
                      const std::string& persistentDir, bool forgetCache, const PinSettings& pins);
    // The same over any transport (the fuzz target's in-process virtual card); `options` as for api::Card.
    IasCardConnection(std::unique_ptr<Transport> transport, api::Card::Options options, bool forgetCache,
                      const PinSettings& pins);
    ~IasCardConnection() override;

    CardDescription describe() override;
    // A connection over the same card whose describe() is the content kept on disk for this very card (the
    // record whose TokenInfo head equals the card's: TokenInfo is all it reads), and whose pinCounters() ask
    // this card. It holds one card transaction while it lives (the start is one unit of work: the retry
    // counters need no SELECT of the application that TokenInfo's selected): destroy it soon, and before
    // the card is used otherwise. Null when nothing usable is kept.
    std::unique_ptr<CardConnection> keptView() override;
    void release() noexcept override { hold_.reset(); }
    void stop() noexcept override { gate_.stop(); }
    std::uint64_t commandsSent() const noexcept override { return gate_.commandsSent(); }
    PinInfo pinInfo(PinRef pin) override;
    PinInfo pinCounters(PinRef pin) override;  // VERIFY without data, once per PIN and connection
    void verifyPin(PinRef pin, const SecureBuffer* value) override;
    void logout(PinRef pin) override;
    void changePin(PinRef pin, const SecureBuffer* oldValue, const SecureBuffer* newValue) override;
    void unblockPin(PinRef pin, PinRef puk, const SecureBuffer* pukValue,
                    const SecureBuffer* newValue) override;
    Bytes sign(KeyRef key, const SignRequest& request) override;
    SecureBuffer decrypt(KeyRef key, ByteView cryptogram) override;

private:
    std::unique_ptr<PcscContext> context_;  // PC/SC only: null over another transport
    std::unique_ptr<Transport> transport_;
    GatedTransport gate_;        // everything the card layer sends goes through it
    const std::string keptDir_;  // the persistent cache's directory, for keptView()
    const std::shared_ptr<const api::SmKeyStore> smKeys_;
    api::Card card_;
    std::optional<api::Card::Hold> hold_;         // a kept view's transaction
    std::optional<CardDescription> description_;  // the model is read once per connection
    bool deverifyRefused_ = false;                // the card does not know VERIFY P1=FF
    std::set<PinRef> verified_;                   // PINs verified by this connection and not logged out
    // PIN states learnt from this connection's own PIN operations. Tries left are not asked of the card
    // before a PIN is used (a start-up costs no VERIFY): until then they are reported unknown.
    std::map<PinRef, PinInfo> known_;
    std::set<PinRef> askCard_;  // a PIN operation failed: the next pinInfo() asks the card (tries left)
    std::set<PinRef> counted_;  // pinCounters() asked the card once for these (the PUK serves two tokens)
    PinSettings settings_;
    PinCache pinCache_;  // pin.cache: verified PINs, to verify again after a reset by another application
    void forgetCachedContent(bool forget);
    CardDescription describeModel();  // throws the card layer's own exceptions
    PinInfo modelPinInfo(PinRef pin);
    template <typename F>
    void pinOperation(PinRef pin, F&& operation);

    // The PIN is obtained by the module, not the application (the token reports
    // CKF_PROTECTED_AUTHENTICATION_PATH): on a PIN-pad reader, or from the configuration (pin.dialog).
    bool protectedPath(PinRef pin);
    // The reader's PIN-pad takes this PIN (asked once per connection; not the PINs the card wants
    // verified under secure messaging, which a pad cannot wrap: those keep the host path).
    bool onPinPad(PinRef pin);
    std::map<PinRef, bool> onPinPad_;
    // THE place where a PIN the application did not give is obtained and verified (dialog; PIN-pad).
    void verifyObtainedPin(PinRef pin);
    // C_SetPIN with a missing old or new PIN: the missing ones are obtained (dialog; PIN-pad).
    void changeObtainedPin(PinRef pin, const SecureBuffer* oldValue, const SecureBuffer* newValue);
    // What the dialog shows for that PIN: which one, the token, tries left, the rules.
    PinQuestion questionFor(PinRef pin, bool newValue);
    void rememberVerified(PinRef pin, const SecureBuffer& value);
    // Runs a key operation; when the card lost the PIN's verification (another application reset it) and
    // the PIN cache holds that PIN, verifies it again and runs the operation once more.
    template <typename F>
    auto reverifyingAfterReset(KeyRef key, F&& operation) -> decltype(operation());
    std::optional<PinRef> pinOfKey(KeyRef key);

    const api::PinInfo& pinAt(PinRef pin);
    const api::KeyInfo& keyAt(KeyRef key);
};

}  // namespace ias::p11
