// Module: life cycle, readers, slots, tokens and slot events.
#include "Module.h"

#include <algorithm>
#include <set>

#include "CkError.h"
#include "DescriptionDigest.h"
#include "ModuleLog.h"
#include "Padding.h"

namespace ias::p11 {
namespace {

constexpr const char* kManufacturer = "IAS-ECC middleware";
constexpr std::chrono::milliseconds kWaitSlice{500};

const char* roleName(TokenRole role) {
    return role == TokenRole::Authentication ? "authentication" : "signature";
}

// What slot, token and mechanism information show of a card (not its objects).
bool sameFaces(const CardDescription& a, const Tokens& aTokens, const CardDescription& b,
               const Tokens& bTokens) {
    if (a.manufacturer != b.manufacturer || a.model != b.model || a.serialNumber != b.serialNumber ||
        a.hardwareMajor != b.hardwareMajor || a.hardwareMinor != b.hardwareMinor ||
        a.firmwareMajor != b.firmwareMajor || a.firmwareMinor != b.firmwareMinor)
        return false;
    for (std::size_t i = 0; i < kTokenRoles; ++i) {
        const Token* x = aTokens[i].get();
        const Token* y = bTokens[i].get();
        if (!x || !y) {
            if (x != y) return false;
            continue;
        }
        const TokenDescription& dx = x->description();
        const TokenDescription& dy = y->description();
        if (dx.label != dy.label || dx.userPin != dy.userPin || dx.soPin != dy.soPin ||
            x->mechanisms() != y->mechanisms() || x->flags() != y->flags() ||
            x->userPin.minLength != y->userPin.minLength || x->userPin.maxLength != y->userPin.maxLength)
            return false;
    }
    return true;
}

}  // namespace

Module::Module(MutexFactory mutexes, std::unique_ptr<TokenBackend> backend, bool mayCreateThreads)
    : mutexes_(mutexes),
      lock_(mutexes_.make()),
      backend_(std::move(backend)),
      mayCreateThreads_(mayCreateThreads) {
    // The readers at C_Initialize are the baseline of slot events (PC/SC status only, no card access).
    MutexLock lk(*lock_);
    refreshReadersLocked();
}

Module::~Module() = default;

void Module::shutdown() {
    shuttingDown_ = true;
    // Reading ahead ends at its next card command; its thread is gone when C_Finalize returns.
    std::vector<std::shared_ptr<CardConfirmation>> running;
    {
        std::lock_guard<std::mutex> lk(confirmationsMutex_);
        for (auto& weak : confirmations_)
            if (auto c = weak.lock()) running.push_back(std::move(c));
        confirmations_.clear();
    }
    for (auto& c : running) c->stop();
    for (auto& c : running) c->finish();
    logoutAll();
    backend_->cancelWait();
    std::unique_lock<std::mutex> lk(waitMutex_);
    waitersGone_.wait(lk, [this] { return waiters_ == 0; });
}

void Module::logoutAll() {
    // C_Finalize ends every session, so every login: the card must forget the PINs, as at C_Logout or when a
    // token's last session closes. Else the card stays verified for the next application until pcscd powers
    // it down (measured with pam_p11, which finalises without closing the session it logged in with).
    std::vector<std::shared_ptr<Reader>> readers;
    {
        MutexLock lk(*lock_);
        readers = readers_;
    }
    for (auto& reader : readers) {
        ReaderLock lk(*reader);
        if (!reader->loaded) continue;
        for (std::size_t role = 0; role < kTokenRoles; ++role)
            if (Token* token = reader->token(static_cast<TokenRole>(role)))
                logoutToken(*reader, *token, static_cast<TokenRole>(role));
    }
}

// ---- readers and slots ----

void Module::refreshReadersLocked() {
    const std::vector<ReaderStatus> statuses = backend_->readers();
    for (auto& r : readers_) r->readerAttached = false;
    for (const auto& s : statuses) {
        auto it =
            std::find_if(readers_.begin(), readers_.end(), [&](const auto& r) { return r->name == s.name; });
        std::shared_ptr<Reader> reader;
        if (it == readers_.end()) {
            reader = std::make_shared<Reader>();
            reader->name = s.name;
            reader->lock = mutexes_.make();
            for (std::size_t role = 0; role < kTokenRoles; ++role) {
                if (!backend_->offers(static_cast<TokenRole>(role))) continue;
                reader->slotIds[role] = nextSlot_++;
                slots_[reader->slotIds[role]] = SlotRef{reader, static_cast<TokenRole>(role)};
            }
            // A card already there when the module starts is no event; a reader that comes later with a
            // card is one.
            reader->eventPresent = initialScanDone_ ? false : s.cardPresent;
            reader->eventInsertion = initialScanDone_ ? 0 : s.insertion;
            readers_.push_back(reader);
        } else {
            reader = *it;
        }
        reader->readerAttached = true;
        reader->observedPresent = s.cardPresent;
        reader->observedInsertion = s.insertion;
    }
    for (auto& r : readers_)
        if (!r->readerAttached) r->observedPresent = false;
    initialScanDone_ = true;
}

Module::SlotRef Module::slotLocked(CK_SLOT_ID slot) {
    if (!initialScanDone_) refreshReadersLocked();
    auto it = slots_.find(slot);
    require(it != slots_.end(), CKR_SLOT_ID_INVALID);
    return it->second;
}

Module::SlotRef Module::slotRef(CK_SLOT_ID slot) {
    MutexLock lk(*lock_);
    refreshReadersLocked();
    return slotLocked(slot);
}

std::vector<std::pair<CK_SLOT_ID, Module::SlotRef>> Module::refreshedSlots() {
    MutexLock lk(*lock_);
    refreshReadersLocked();
    return {slots_.begin(), slots_.end()};
}

// ---- the card of a reader (reader lock held) ----

void Module::voidTokens(Reader& reader) {
    for (auto& weak : reader.sessions)
        if (auto s = weak.lock()) {
            s->removed = true;
            s->endOperations();
        }
    reader.sessions.clear();
    for (auto& t : reader.tokens) t.reset();
    ++reader.generation;
}

void Module::dropCard(Reader& reader) {
    voidTokens(reader);
    reader.card.reset();
    reader.cardBase.reset();
    reader.confirmation.reset();  // a read ahead still running ends with its connection's last user
    reader.description = CardDescription{};
    reader.loaded = false;
}

void Module::ensureCurrent(Reader& reader) {
    const bool present = reader.observedPresent;
    const std::uint64_t insertion = reader.observedInsertion;
    if (reader.loaded && (!present || insertion != reader.loadedInsertion) &&
        !(present && resumeSameCard(reader)))
        dropCard(reader);
    if (reader.loaded) {
        if (reader.confirmation) {
            reader.confirmation->collectIfAnswered();  // a helper that answered is reaped now
            if (reader.confirmation->finished()) settleConfirmation(reader);
        }
        return;
    }
    if (!present) return;
    try {
        loadCard(reader, insertion);
    } catch (const BackendError& e) {
        // Gone between the status and the connection: shown as an empty slot until the next change.
        if (e.code() == BackendErrc::NoCard || e.code() == BackendErrc::CardRemoved) {
            reader.observedPresent = false;
            return;
        }
        throw;
    }
}

void Module::loadCard(Reader& reader, std::uint64_t insertion) {
    std::shared_ptr<CardConnection> card = backend_->connect(reader.name);
    // Reading ahead: a start (slots, tokens, mechanisms, sessions) is answered from the content kept for
    // this card type, with the retry counters asked of the card itself (the token flags tell the truth from
    // the first C_GetTokenInfo); the card confirms the content meanwhile, off the caller's thread.
    std::shared_ptr<CardConnection> view;
    if (reader.keptContentRefused != insertion) view = card->keptView();
    CardConnection& source = view ? *view : *card;
    CardDescription d = source.describe();
    Tokens tokens = tokensOf(d, source);
    if (view) {
        for (auto& token : tokens) {
            if (!token) continue;
            try {
                token->readCounters(*view);
            } catch (const BackendError& e) {
                if (e.code() == BackendErrc::NoCard || e.code() == BackendErrc::CardRemoved) throw;
                // Unknown counters: no COUNT_LOW/FINAL_TRY/LOCKED until the next PIN operation (as below).
            }
        }
    }
    // The view holds the card's transaction (TokenInfo and the counters are one unit): released here,
    // before the confirmation or anything else uses the card.
    const bool readingAhead = view != nullptr;
    if (view) view->release();
    std::string shown;
    if (readingAhead && !mayCreateThreads_) shown = descriptionDigest(d);
    reader.card = card;
    reader.cardBase.reset();
    reader.description = std::move(d);
    reader.tokens = std::move(tokens);
    reader.loaded = true;
    reader.loadedInsertion = insertion;
    reader.changeReported = false;
    if (readingAhead) {
        auto confirmation = std::make_shared<CardConfirmation>(std::move(card), reader.name);
        {
            std::lock_guard<std::mutex> lk(confirmationsMutex_);
            confirmations_.erase(std::remove_if(confirmations_.begin(), confirmations_.end(),
                                                [](const auto& w) { return w.expired(); }),
                                 confirmations_.end());
            confirmations_.push_back(confirmation);
        }
        if (mayCreateThreads_) {
            if (!shuttingDown_) confirmation->start();
        } else if (!shuttingDown_) {
            // No thread of ours: another process confirms the card during the seconds before the first call
            // that needs its objects, which then only collects the verdict (processes are not threads).
            if (auto remote = backend_->confirmElsewhere(reader.name, insertion))
                confirmation->startElsewhere(std::move(remote), std::move(view), std::move(shown));
        }
        // Else (or when the helper cannot confirm) the first call that needs the card's objects reads it
        // (ensureConfirmed).
        reader.confirmation = std::move(confirmation);
    }
}

Tokens Module::tokensOf(const CardDescription& d, CardConnection& card) {
    Tokens tokens;
    for (const auto& td : d.tokens) {
        auto idx = static_cast<std::size_t>(td.role);
        if (idx >= kTokenRoles || tokens[idx]) continue;
        if (!backend_->offers(td.role)) continue;  // no slot shows it: neither built nor its counters asked
        auto token = std::make_unique<Token>(td, nextObject_);
        token->refreshPins(card);
        tokens[idx] = std::move(token);
    }
    return tokens;
}

void Module::runIdleConfirmations() {
    // A thread blocked here is the application's own, waiting for us anyway: reading ahead on it keeps the
    // work off the thread that asks for slots and tokens, also where the module may not make threads (NSS
    // initialises every module with CKF_LIBRARY_CANT_CREATE_OS_THREADS, and Firefox and Thunderbird keep
    // one such thread per module). No module or reader lock is held meanwhile.
    std::vector<std::shared_ptr<CardConfirmation>> idle;
    {
        std::lock_guard<std::mutex> lk(confirmationsMutex_);
        for (auto& weak : confirmations_)
            if (auto c = weak.lock(); c && !c->finished()) idle.push_back(std::move(c));
    }
    for (auto& c : idle)
        if (!shuttingDown_) c->runIfIdle();
}

void Module::ensureConfirmed(Reader& reader) {
    ensureCurrent(reader);
    if (!reader.loaded || !reader.confirmation) return;
    // The confirmation never takes a reader lock: waiting here with it held cannot deadlock.
    reader.confirmation->wait();
    settleConfirmation(reader);
}

void Module::settleConfirmation(Reader& reader) {
    // Moved out: the tokens count as confirmed from here on, or go (dropCard) on any failure below.
    std::shared_ptr<CardConfirmation> c = std::move(reader.confirmation);
    if (c->keptConfirmed()) {
        // Another process found on this insertion of the card exactly what the kept view showed: the view,
        // whose card model is that content, serves the card from now on (its connection kept under it).
        reader.cardBase = std::move(reader.card);
        reader.card = c->keptView();
        return;
    }
    if (std::exception_ptr error = c->error()) {
        // The card could not confirm what was shown: those tokens go (a slot event), and this insertion is
        // read the ordinary way from now on.
        reader.keptContentRefused = reader.loadedInsertion;
        dropCard(reader);
        reader.tokensReplaced = true;
        try {
            std::rethrow_exception(error);
        } catch (const BackendError& e) {
            if (e.code() == BackendErrc::NoCard || e.code() == BackendErrc::CardRemoved) {
                reader.observedPresent = false;
                return;
            }
            throw;
        }
    }
    const CardDescription& confirmed = *c->description();
    if (confirmed == reader.description) return;
    Tokens tokens;
    try {
        tokens = tokensOf(confirmed, *reader.card);
    } catch (...) {
        // Kept content that the card contradicts is never left standing: the tokens go.
        reader.keptContentRefused = reader.loadedInsertion;
        dropCard(reader);
        reader.tokensReplaced = true;
        throw;
    }
    reader.keptContentRefused = reader.loadedInsertion;
    // The retry counters were asked of the card itself (loadCard): still true.
    for (std::size_t i = 0; i < kTokenRoles; ++i)
        if (tokens[i] && reader.tokens[i]) tokens[i]->takeCounters(*reader.tokens[i]);
    if (sameFaces(reader.description, reader.tokens, confirmed, tokens)) {
        // Objects changed, but nothing an application could have seen before the confirmation (slot, token
        // and mechanism information: objects were not shown) did: the sessions go on with the card's objects.
        logLine("card in " + reader.name +
                ": objects differ from the content kept for it; the card's are used");
    } else {
        // Another face (label, PIN, mechanisms): the tokens shown go and the card's own come, the PKCS #11
        // way (void sessions, new handles, a slot event), never stale data.
        logLine("card in " + reader.name +
                " differs from the content kept for it: its tokens are shown anew");
        // Its PINs may be others than the kept ones: their counters are asked at the next C_GetTokenInfo.
        for (auto& token : tokens)
            if (token) token->forgetCounters();
        voidTokens(reader);
        reader.tokensReplaced = true;
    }
    reader.tokens = std::move(tokens);
    reader.description = confirmed;
}

bool Module::loadedIfReadable(Reader& reader) {
    try {
        ensureCurrent(reader);
    } catch (const BackendError&) {
        return false;
    }
    return reader.loaded;
}

void Module::onCard(Reader& reader, const std::function<void(CardConnection&)>& f, Session* caller) {
    require(reader.loaded && reader.card, CKR_DEVICE_REMOVED);
    // Callers confirmed kept content first (sessionToken(Need::Card)); the token they hold is current. A
    // token read ahead only ever reaches the card through its kept view (loadCard).
    if (reader.confirmation)
        throw BackendError(BackendErrc::Internal, "card used before its content was confirmed");
    const std::uint64_t sentBefore = reader.card->commandsSent();
    try {
        f(*reader.card);
    } catch (const BackendError& e) {
        if (e.code() == BackendErrc::CardRemoved || e.code() == BackendErrc::NoCard) {
            // Nothing of this call reached the card: its first PC/SC call found the connection stale (the
            // card was put back, pcscd restarted). The same card, and the application never told: the call
            // is made again on the new connection (safe for any operation, even a PIN one).
            if (reader.card->commandsSent() == sentBefore && resumeSameCard(reader)) {
                try {
                    f(*reader.card);
                    return;
                } catch (const BackendError& again) {
                    if (again.code() != BackendErrc::CardRemoved && again.code() != BackendErrc::NoCard)
                        throw;
                }
            }
            dropCard(reader);
            reader.observedPresent = false;
            if (caller != nullptr) caller->closed = true;
            fail(CKR_DEVICE_REMOVED);
        }
        throw;
    }
}

Token& Module::presentToken(Reader& reader, TokenRole role) {
    ensureCurrent(reader);
    Token* t = reader.loaded ? reader.token(role) : nullptr;
    require(t != nullptr, CKR_TOKEN_NOT_PRESENT);
    return *t;
}

// ---- slot and token information ----

void Module::getSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
    require(count != nullptr, CKR_ARGUMENTS_BAD);
    std::vector<CK_SLOT_ID> ids;
    std::set<const Reader*> unreadable;
    for (auto& [id, ref] : refreshedSlots()) {
        if (tokenPresent) {
            // A card that cannot be read has no token to show: PKCS #11 gives C_GetSlotList no code for a
            // card fault, and one unreadable card must not hide the other readers. The card layer logged
            // why; C_GetTokenInfo on the slot reports it. Read once per call, so that a reader's tokens
            // are all shown or none.
            if (unreadable.count(ref.reader.get()) != 0) continue;
            ReaderLock lk(*ref.reader);
            if (!loadedIfReadable(*ref.reader)) {
                unreadable.insert(ref.reader.get());
                continue;
            }
            if (ref.reader->token(ref.role) == nullptr) continue;
        }
        ids.push_back(id);
    }
    if (list == nullptr) {
        *count = ids.size();
        return;
    }
    if (*count < ids.size()) {
        *count = ids.size();
        fail(CKR_BUFFER_TOO_SMALL);
    }
    std::copy(ids.begin(), ids.end(), list);
    *count = ids.size();
}

void Module::getSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info) {
    require(info != nullptr, CKR_ARGUMENTS_BAD);
    SlotRef ref = slotRef(slot);
    ReaderLock lk(*ref.reader);
    loadedIfReadable(*ref.reader);
    padField(info->slotDescription, sizeof info->slotDescription,
             ref.reader->name + " (" + roleName(ref.role) + ")");
    padField(info->manufacturerID, sizeof info->manufacturerID, kManufacturer);
    info->flags = CKF_REMOVABLE_DEVICE | CKF_HW_SLOT;
    if (ref.reader->loaded && ref.reader->token(ref.role) != nullptr) info->flags |= CKF_TOKEN_PRESENT;
    info->hardwareVersion = {0, 0};
    info->firmwareVersion = {0, 0};
}

void Module::getTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
    require(info != nullptr, CKR_ARGUMENTS_BAD);
    SlotRef ref = slotRef(slot);
    ReaderLock lk(*ref.reader);
    Token& token = presentToken(*ref.reader, ref.role);
    if (!token.countersRead) {
        // Once per insertion (the first question about this token is a change): the flags tell the
        // truth about tries left from the start. A removal answers CKR_DEVICE_REMOVED; any other failure
        // leaves the counters unknown (no COUNT_LOW/FINAL_TRY/LOCKED) until the next PIN operation.
        try {
            onCard(
                *ref.reader, [&](CardConnection& c) { token.readCounters(c); }, nullptr);
        } catch (const BackendError&) {
        }
    }
    const CardDescription& card = ref.reader->description;
    padField(info->label, sizeof info->label, token.description().label);
    padField(info->manufacturerID, sizeof info->manufacturerID, card.manufacturer);
    padField(info->model, sizeof info->model, card.model);
    const std::string& serial = card.serialNumber;
    padField(info->serialNumber, sizeof info->serialNumber,
             serial.size() > 16 ? serial.substr(serial.size() - 16) : serial);
    info->flags = token.flags();
    info->ulMaxSessionCount = CK_EFFECTIVELY_INFINITE;
    info->ulMaxRwSessionCount = CK_EFFECTIVELY_INFINITE;
    std::size_t sessions = 0, rw = 0;
    for (auto& weak : ref.reader->sessions)
        if (auto s = weak.lock(); s && !s->closed && s->role == ref.role) {
            ++sessions;
            if (s->readWrite()) ++rw;
        }
    info->ulSessionCount = sessions;
    info->ulRwSessionCount = rw;
    info->ulMaxPinLen = token.userPin.maxLength;
    info->ulMinPinLen = token.userPin.minLength;
    info->ulTotalPublicMemory = CK_UNAVAILABLE_INFORMATION;
    info->ulFreePublicMemory = CK_UNAVAILABLE_INFORMATION;
    info->ulTotalPrivateMemory = CK_UNAVAILABLE_INFORMATION;
    info->ulFreePrivateMemory = CK_UNAVAILABLE_INFORMATION;
    info->hardwareVersion = {card.hardwareMajor, card.hardwareMinor};
    info->firmwareVersion = {card.firmwareMajor, card.firmwareMinor};
    padField(info->utcTime, sizeof info->utcTime, "");
}

// ---- slot events ----

CK_RV Module::waitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR slot) {
    require(slot != nullptr, CKR_ARGUMENTS_BAD);
    if (!(flags & CKF_DONT_BLOCK)) logDebug("C_WaitForSlotEvent: a blocking wait");
    {
        std::lock_guard<std::mutex> lk(waitMutex_);
        if (shuttingDown_) return CKR_CRYPTOKI_NOT_INITIALIZED;
        ++waiters_;
    }
    struct Leave {
        Module& m;
        ~Leave() {
            std::lock_guard<std::mutex> lk(m.waitMutex_);
            --m.waiters_;
            m.waitersGone_.notify_all();
        }
    } leave{*this};

    for (;;) {
        {
            MutexLock lk(*lock_);
            refreshReadersLocked();
            for (auto& r : readers_) {
                // Tokens shown from kept content that the card contradicted (settled by the call that met
                // it; this thread takes no reader lock, which a PIN dialog may hold for minutes).
                if (r->tokensReplaced.exchange(false)) r->pendingEvent.fill(true);
                const bool present = r->observedPresent;
                const std::uint64_t insertion = r->observedInsertion;
                if (present != r->eventPresent || (present && insertion != r->eventInsertion)) {
                    r->changeReported = true;
                    r->eventPresent = present;
                    r->eventInsertion = insertion;
                    r->pendingEvent.fill(true);
                }
            }
            for (auto& r : readers_)
                for (std::size_t role = 0; role < kTokenRoles; ++role)
                    if (r->pendingEvent[role]) {
                        r->pendingEvent[role] = false;
                        if (r->slotIds[role] == 0) continue;  // a role without a slot here
                        *slot = r->slotIds[role];
                        return CKR_OK;
                    }
        }
        if (flags & CKF_DONT_BLOCK) return CKR_NO_EVENT;
        if (shuttingDown_) return CKR_CRYPTOKI_NOT_INITIALIZED;
        runIdleConfirmations();
        backend_->waitForChange(kWaitSlice);
        if (shuttingDown_) return CKR_CRYPTOKI_NOT_INITIALIZED;
    }
}

}  // namespace ias::p11
