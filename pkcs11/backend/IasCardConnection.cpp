#include "IasCardConnection.h"

#include "BackendErrors.h"
#include "CardDescriptionMapping.h"
#include "ModuleLog.h"

namespace ias::p11 {
namespace {

// A kept view reads the card's TokenInfo head only: SELECT by path (and its GET RESPONSE under T=0) and one
// READ BINARY. Any other read makes the view fail: the card is read the ordinary way.
constexpr std::uint64_t kKeptViewCommands = 3;

// A DigestInfo built by the module ends with the digest: what the card's "finished digest" forms take.
Bytes digestOf(ByteView digestInfo, std::size_t length) {
    if (digestInfo.size() <= length) throw BackendError(BackendErrc::InputInvalid, "not a DigestInfo");
    return Bytes(digestInfo.end() - static_cast<std::ptrdiff_t>(length), digestInfo.end());
}

struct CardCall {
    api::SignMechanism mechanism;
    Bytes input;
};

// The module's request as the card layer's mechanism and input. The card pads DigestInfos itself (02) when
// the key has that algorithm; otherwise the hash forms take the bare digest (12/42).
CardCall cardCallFor(const api::KeyInfo& key, const SignRequest& r) {
    using api::SignMechanism;
    const Bytes input(r.input.begin(), r.input.end());
    switch (r.scheme) {
        case SignScheme::RsaPkcs1:
            if (key.supports(SignMechanism::RsaPkcs1)) return {SignMechanism::RsaPkcs1, input};
            if (r.hash == HashAlg::Sha256 && key.supports(SignMechanism::RsaPkcs1Sha256Digest))
                return {SignMechanism::RsaPkcs1Sha256Digest, digestOf(r.input, 32)};
            if (r.hash == HashAlg::Sha1 && key.supports(SignMechanism::RsaPkcs1Sha1Digest))
                return {SignMechanism::RsaPkcs1Sha1Digest, digestOf(r.input, 20)};
            break;
        case SignScheme::RsaPss:
            if (r.hash == HashAlg::Sha256) return {SignMechanism::RsaPssSha256, input};
            if (r.hash == HashAlg::Sha384) return {SignMechanism::RsaPssSha384, input};
            if (r.hash == HashAlg::Sha512) return {SignMechanism::RsaPssSha512, input};
            break;
        case SignScheme::Ecdsa:
            return {SignMechanism::Ecdsa, input};
    }
    throw BackendError(BackendErrc::KeyUnusable, key.label + ": no card algorithm for this request");
}

// The PIN types whose characters the card layer checks before VERIFY (digits only).
bool takesDigitsOnly(const api::PinInfo& pin) {
    return pin.type == api::PinType::AsciiNumeric || pin.type == api::PinType::Bcd;
}

// The card layer signs at most 128 bytes in one command, RSA PKCS#1 v1.5 up to k - 11 (a DigestInfo or any
// data, as OpenSC sends it).
constexpr std::size_t kMaxSignInput = 128;

}  // namespace

IasCardConnection::IasCardConnection(const std::string& reader, std::shared_ptr<api::ContentCache> cache,
                                     const std::string& persistentDir, bool forgetCache,
                                     const PinSettings& pins)
    : context_(std::make_unique<PcscContext>()),
      transport_(std::make_unique<PcscTransport>(*context_, reader)),
      gate_(*transport_),
      keptDir_(persistentDir),
      card_(gate_, api::Card::Options{std::move(cache), nullptr, persistentDir}),
      settings_(pins),
      pinCache_(pins.cache, pins.cacheTimeout) {
    forgetCachedContent(forgetCache);
}

IasCardConnection::IasCardConnection(std::unique_ptr<Transport> transport, api::Card::Options options,
                                     bool forgetCache, const PinSettings& pins)
    : transport_(std::move(transport)),
      gate_(*transport_),
      keptDir_(options.persistentCacheDir),
      smKeys_(options.smKeys),
      card_(gate_, std::move(options)),
      settings_(pins),
      pinCache_(pins.cache, pins.cacheTimeout) {
    forgetCachedContent(forgetCache);
}

void IasCardConnection::forgetCachedContent(bool forget) {
    if (!forget) return;
    translatingErrors([&] {
        card_.identity();
        card_.forgetCachedContent();
    });
}

IasCardConnection::~IasCardConnection() = default;

const api::PinInfo& IasCardConnection::pinAt(PinRef pin) {
    const api::Application& app = card_.application();
    if (pin >= app.pins.size()) throw BackendError(BackendErrc::Internal, "unknown PIN reference");
    return app.pins[pin];
}

const api::KeyInfo& IasCardConnection::keyAt(KeyRef key) {
    const api::Application& app = card_.application();
    if (key >= app.keys.size()) throw BackendError(BackendErrc::Internal, "unknown key reference");
    return app.keys[key];
}

CardDescription IasCardConnection::describeModel() {
    const api::CardIdentity identity = card_.identity();
    // Part of what is kept, so that a kept view asks the card for the retry counters only and a first
    // signature for the signature only.
    card_.readSdoDescriptions();
    return describeCard(
        identity, card_.application(), [&](ByteView id) { return card_.certificate(id); },
        [&](ByteView id) { return card_.publicKey(id); });
}

CardDescription IasCardConnection::describe() {
    if (!description_) description_ = translatingErrors([&] { return describeModel(); });
    return *description_;
}

std::unique_ptr<CardConnection> IasCardConnection::keptView() {
    if (keptDir_.empty()) return nullptr;
    api::Card::Options options{std::make_shared<api::ContentCache>(), smKeys_, keptDir_};
    options.trustKeptContent = true;
    auto view = std::make_unique<IasCardConnection>(std::make_unique<GatedTransport>(*transport_),
                                                    std::move(options), false, settings_);
    // Built with the card's TokenInfo as the only thing read (SELECT by path and READ BINARY, which pick the
    // record of this very card): a record that lacks anything the description needs fails here instead of
    // reading the card. Not a card fault: nothing is logged, the card is read the ordinary way.
    try {
        view->hold_.emplace(view->card_);
        view->gate_.limit(kKeptViewCommands);
        view->description_ = view->describeModel();
    } catch (const std::exception& e) {
        logDebug(std::string("kept content not usable: ") + e.what());
        return nullptr;
    }
    view->gate_.unlimit();
    return view;
}

PinInfo IasCardConnection::modelPinInfo(PinRef pin) {
    const api::PinInfo& model = pinAt(pin);
    PinInfo info;
    info.minLength = model.minLength;
    info.maxLength = model.maxLength ? model.maxLength : 8;
    info.digitsOnly = takesDigitsOnly(model);
    info.initialized = true;
    info.protectedPath = protectedPath(pin);
    info.contextDialog = settings_.contextDialog;
    return info;
}

bool IasCardConnection::onPinPad(PinRef pin) {
    const auto known = onPinPad_.find(pin);
    if (known != onPinPad_.end()) return known->second;
    bool pad = false;
    try {
        pad = card_.pinEntryOnReader(view(pinAt(pin).authId));
    } catch (...) {
        // Unknown is no PIN-pad: the host path still works.
    }
    onPinPad_[pin] = pad;
    return pad;
}

bool IasCardConnection::protectedPath(PinRef pin) {
    if (onPinPad(pin)) return true;
    switch (settings_.dialog) {
        case PinSettings::Dialog::Never:
            return false;
        case PinSettings::Dialog::Signature:
            return pinAt(pin).role == api::PinRole::Signature;
        case PinSettings::Dialog::Always:
            return true;
    }
    return false;
}

PinInfo IasCardConnection::pinInfo(PinRef pin) {
    pinCache_.wipeExpired();
    return translatingErrors([&] {
        if (!askCard_.count(pin)) {
            const auto known = known_.find(pin);
            return known != known_.end() ? known->second : modelPinInfo(pin);
        }
        // After a refused PIN operation: tries left and the maximum from the card (VERIFY without data).
        const api::PinInfo& model = pinAt(pin);
        const api::PinStatus status = card_.pinStatus(view(model.authId));
        PinInfo info;
        info.maxTries = status.maxTries.value_or(-1);
        // A verified PIN has its counter back at the maximum (the card does not say it then).
        info.triesLeft = status.triesLeft ? *status.triesLeft : (status.verified ? info.maxTries : -1);
        info.blocked = status.blocked;
        info.minLength = status.minLength ? status.minLength : model.minLength;
        info.maxLength = status.maxLength ? status.maxLength : (model.maxLength ? model.maxLength : 8);
        info.digitsOnly = takesDigitsOnly(model);
        info.initialized = true;
        info.protectedPath = protectedPath(pin);
        info.contextDialog = settings_.contextDialog;
        askCard_.erase(pin);
        known_[pin] = info;
        return info;
    });
}

PinInfo IasCardConnection::pinCounters(PinRef pin) {
    // Once per connection (one insertion): later changes come from this module's own PIN operations,
    // which refresh the state, or from another process, which the card reports at the next PIN operation.
    if (counted_.insert(pin).second) askCard_.insert(pin);
    return pinInfo(pin);
}

template <typename F>
void IasCardConnection::pinOperation(PinRef pin, F&& operation) {
    known_.erase(pin);
    try {
        translatingErrors(operation);
    } catch (...) {
        askCard_.insert(pin);
        throw;
    }
    // Accepted: the counter is back at its maximum, nothing to ask the card.
    askCard_.erase(pin);
    known_[pin] = modelPinInfo(pin);
}

void IasCardConnection::verifyPin(PinRef pin, const SecureBuffer* value) {
    pinCache_.wipeExpired();
    if (value == nullptr) {
        verifyObtainedPin(pin);
        verified_.insert(pin);
        return;
    }
    pinOperation(pin, [&] { card_.verifyPin(view(pinAt(pin).authId), *value); });
    verified_.insert(pin);
    rememberVerified(pin, *value);
}

void IasCardConnection::verifyObtainedPin(PinRef pin) {
    // PIN-pad: VERIFY through the reader under its notice. Nothing is cached: the host never sees the PIN.
    if (onPinPad(pin)) {
        const PinQuestion question = questionFor(pin, false);
        pinOperation(
            pin, [&] { enterOnPinPad(question, [&] { card_.verifyPinOnReader(view(pinAt(pin).authId)); }); });
        return;
    }
    const SecureBuffer value = askPinInDialog(questionFor(pin, false), settings_.dialogTimeout);
    pinOperation(pin, [&] { card_.verifyPin(view(pinAt(pin).authId), value); });
    rememberVerified(pin, value);
}

PinQuestion IasCardConnection::questionFor(PinRef pin, bool newValue) {
    const api::PinInfo& model = pinAt(pin);
    PinQuestion q;
    switch (model.role) {
        case api::PinRole::Signature:
            q.purpose = newValue ? PinPurpose::NewSignature : PinPurpose::Signature;
            break;
        case api::PinRole::Unblocking:
            q.purpose = PinPurpose::Puk;
            break;
        default:
            q.purpose = newValue ? PinPurpose::NewAuthentication : PinPurpose::Authentication;
            break;
    }
    for (const TokenDescription& t : describe().tokens)
        if (t.userPin == pin || (!newValue && t.soPin == pin && model.role == api::PinRole::Unblocking)) {
            q.tokenLabel = t.label;
            break;
        }
    // The user is told the tries left before typing (one status query; the dialog works without it).
    PinInfo rules = modelPinInfo(pin);
    if (!newValue) {
        try {
            askCard_.insert(pin);
            rules = pinInfo(pin);
        } catch (const BackendError& e) {
            if (e.code() == BackendErrc::CardRemoved || e.code() == BackendErrc::NoCard) throw;
        }
        if (rules.blocked) throw BackendError(BackendErrc::PinBlocked, "the PIN is blocked");
        if (rules.triesLeft >= 0) q.triesLeft = rules.triesLeft;
    }
    q.digitsOnly = model.type == api::PinType::AsciiNumeric || model.type == api::PinType::Bcd ||
                   model.type == api::PinType::HalfNibbleBcd || model.type == api::PinType::Iso9564_1;
    q.minLength = rules.minLength;
    q.maxLength = rules.maxLength;
    return q;
}

void IasCardConnection::rememberVerified(PinRef pin, const SecureBuffer& value) {
    if (!pinCache_.enabled()) return;
    const api::PinInfo& model = pinAt(pin);
    // A PIN that authorises one use at a time (qualified signature) is never kept, nor the PUK.
    if (model.role == api::PinRole::Unblocking) return;
    for (const api::KeyInfo& k : card_.application().keys)
        if (k.alwaysAuthenticate && k.pinAuthId == model.authId) return;
    pinCache_.remember(pin, value);
}

std::optional<PinRef> IasCardConnection::pinOfKey(KeyRef key) {
    const api::Application& app = card_.application();
    const Bytes& authId = keyAt(key).pinAuthId;
    for (std::size_t i = 0; i < app.pins.size(); ++i)
        if (app.pins[i].authId == authId) return static_cast<PinRef>(i);
    return std::nullopt;
}

template <typename F>
auto IasCardConnection::reverifyingAfterReset(KeyRef key, F&& operation) -> decltype(operation()) {
    pinCache_.wipeExpired();
    try {
        return translatingErrors(operation);
    } catch (const BackendError& e) {
        if (e.code() != BackendErrc::NotAuthenticated) throw;
        const std::optional<PinRef> pin = pinOfKey(key);
        if (!pin) throw;
        if (const SecureBuffer* cached = pinCache_.find(*pin)) {
            logLine(
                "the card lost its PIN verification (reset by another application?): verifying the cached "
                "PIN again");
            try {
                pinOperation(*pin, [&] { card_.verifyPin(view(pinAt(*pin).authId), *cached); });
            } catch (...) {
                pinCache_.forget(*pin, "refused after the reset");
                throw;
            }
        } else if ((protectedPath(*pin) || settings_.reloginDialog) && !keyAt(key).alwaysAuthenticate) {
            // The application logged in and was never told otherwise (a reset by another process, or the same
            // card put back: pkcs11/src/CardReturn.cpp). The user is asked again (PIN-pad or dialog), never
            // with a PIN kept from before. An always-authenticate key asks at every use anyway.
            logLine("the card lost its PIN verification (reset, or put back): asking for the PIN again");
            try {
                verifyObtainedPin(*pin);
            } catch (const BackendError& unavailable) {
                // No dialog can be shown (no display): the application learns it lost the login, as before.
                if (unavailable.code() == BackendErrc::PinEntryUnavailable) throw e;
                throw;
            }
            verified_.insert(*pin);
        } else {
            throw;
        }
    }
    return translatingErrors(operation);
}

void IasCardConnection::logout(PinRef pin) {
    // The card must forget the PIN, or any application could still use it. ISO 7816-4:2005, which IAS-ECC
    // follows, defines VERIFY with P1=00 only (P1=FF, "reset the verification", came with later editions):
    // an IAS-ECC card answers 6A86 (the virtual card does), and OpenSC's driver only re-selects the
    // application. What every card does is forget all verifications at a reset: so when P1=FF is refused
    // and no other PIN this connection verified is still logged in (the other token), the card is reset
    // (SCardReconnect, SCARD_RESET_CARD). Other applications then find their PINs unverified, as after any
    // reset. Best effort, never an error.
    pinCache_.forget(pin, "logout");
    verified_.erase(pin);
    try {
        if (!deverifyRefused_) {
            const api::PinInfo& p = pinAt(pin);
            const api::Application& app = card_.application();
            Transaction transaction(gate_);
            if (p.local) gate_.transmit(CommandApdu(0x00, 0xA4, 0x04, 0x0C, app.aid));
            const ResponseApdu r = gate_.transmit(CommandApdu(0x00, 0x20, 0xFF, p.reference));
            if (r.ok()) return;
            deverifyRefused_ = true;
        }
        if (verified_.empty()) gate_.reconnect(true);
    } catch (...) {
    }
}

void IasCardConnection::changePin(PinRef pin, const SecureBuffer* oldValue, const SecureBuffer* newValue) {
    pinCache_.forget(pin, "PIN changed");
    if (oldValue == nullptr || newValue == nullptr) return changeObtainedPin(pin, oldValue, newValue);
    pinOperation(pin, [&] { card_.changePin(view(pinAt(pin).authId), *oldValue, *newValue); });
}

void IasCardConnection::changeObtainedPin(PinRef pin, const SecureBuffer* oldValue,
                                          const SecureBuffer* newValue) {
    // PIN-pad: both PINs typed on the reader (current, new, new again).
    if (oldValue == nullptr && newValue == nullptr && onPinPad(pin)) {
        const PinQuestion question = questionFor(pin, false);
        pinOperation(
            pin, [&] { enterOnPinPad(question, [&] { card_.changePinOnReader(view(pinAt(pin).authId)); }); });
        return;
    }
    // The dialog: the current PIN, then the new one with its confirmation (one dialog each).
    std::optional<SecureBuffer> askedOld, askedNew;
    if (oldValue == nullptr) {
        askedOld = askPinInDialog(questionFor(pin, false), settings_.dialogTimeout);
        oldValue = &*askedOld;
    }
    if (newValue == nullptr) {
        askedNew = askPinInDialog(questionFor(pin, true), settings_.dialogTimeout);
        newValue = &*askedNew;
    }
    pinOperation(pin, [&] { card_.changePin(view(pinAt(pin).authId), *oldValue, *newValue); });
}

void IasCardConnection::unblockPin(PinRef pin, PinRef puk, const SecureBuffer* pukValue,
                                   const SecureBuffer* newValue) {
    pinCache_.forget(pin, "PIN unblocked");
    // PIN-pad: the PUK is typed on the reader again (the module never held it). Else, when the SO logged in
    // along the protected path without a pad, the PUK is asked again in the dialog.
    std::optional<PinQuestion> onPad;
    if (pukValue == nullptr && onPinPad(puk)) onPad = questionFor(puk, false);
    std::optional<SecureBuffer> askedPuk;
    if (pukValue == nullptr && !onPad) {
        askedPuk = askPinInDialog(questionFor(puk, false), settings_.dialogTimeout);
        pukValue = &*askedPuk;
    }
    known_.erase(puk);
    askCard_.insert(puk);  // the PUK's counter moved either way
    pinOperation(pin, [&] {
        if (onPad) {
            enterOnPinPad(*onPad, [&] { card_.unblockPinOnReader(view(pinAt(pin).authId), newValue); });
            return;
        }
        (void)pinAt(puk);  // the card layer follows the PIN's own link to its PUK (the same one)
        card_.unblockPin(view(pinAt(pin).authId), *pukValue, newValue);
    });
}

Bytes IasCardConnection::sign(KeyRef key, const SignRequest& request) {
    return reverifyingAfterReset(key, [&] {
        const api::KeyInfo& k = keyAt(key);
        const CardCall call = cardCallFor(k, request);
        const bool tooLong = call.mechanism == api::SignMechanism::RsaPkcs1
                                 ? k.bits && call.input.size() + 11 > k.bits / 8
                                 : call.input.size() > kMaxSignInput;
        if (tooLong)
            throw BackendError(BackendErrc::InputTooLong, "input too long for one signature command");
        return card_.sign(view(k.id), call.mechanism, view(call.input));
    });
}

SecureBuffer IasCardConnection::decrypt(KeyRef key, ByteView cryptogram) {
    return reverifyingAfterReset(key, [&] { return card_.decipher(view(keyAt(key).id), cryptogram); });
}

}  // namespace ias::p11
