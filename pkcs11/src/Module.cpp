// Module: life cycle, readers, slots, tokens and slot events.
#include "Module.h"

#include <algorithm>
#include <set>

#include "CkError.h"
#include "Padding.h"

namespace ias::p11 {
namespace {

constexpr const char* kManufacturer = "IAS-ECC middleware";
constexpr std::chrono::milliseconds kWaitSlice{500};

const char* roleName(TokenRole role) {
    return role == TokenRole::Authentication ? "authentication" : "signature";
}

}  // namespace

Module::Module(MutexFactory mutexes, std::unique_ptr<TokenBackend> backend)
    : mutexes_(mutexes), lock_(mutexes_.make()), backend_(std::move(backend)) {
    // The readers at C_Initialize are the baseline of slot events (PC/SC status only, no card access).
    MutexLock lk(*lock_);
    refreshReadersLocked();
}

Module::~Module() = default;

void Module::shutdown() {
    shuttingDown_ = true;
    backend_->cancelWait();
    std::unique_lock<std::mutex> lk(waitMutex_);
    waitersGone_.wait(lk, [this] { return waiters_ == 0; });
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

void Module::dropCard(Reader& reader) {
    for (auto& weak : reader.sessions)
        if (auto s = weak.lock()) {
            s->removed = true;
            s->endOperations();
        }
    reader.sessions.clear();
    for (auto& t : reader.tokens) t.reset();
    reader.card.reset();
    reader.description = CardDescription{};
    reader.loaded = false;
    ++reader.generation;
}

void Module::ensureCurrent(Reader& reader) {
    const bool present = reader.observedPresent;
    const std::uint64_t insertion = reader.observedInsertion;
    if (reader.loaded && (!present || insertion != reader.loadedInsertion)) dropCard(reader);
    if (reader.loaded || !present) return;
    try {
        auto card = backend_->connect(reader.name);
        CardDescription d = card->describe();
        std::array<std::unique_ptr<Token>, kTokenRoles> tokens;
        for (auto& td : d.tokens) {
            auto idx = static_cast<std::size_t>(td.role);
            if (idx >= kTokenRoles || tokens[idx]) continue;
            auto token = std::make_unique<Token>(td, nextObject_);
            token->refreshPins(*card);
            tokens[idx] = std::move(token);
        }
        reader.card = std::move(card);
        reader.description = std::move(d);
        reader.tokens = std::move(tokens);
        reader.loaded = true;
        reader.loadedInsertion = insertion;
    } catch (const BackendError& e) {
        // Gone between the status and the connection: shown as an empty slot until the next change.
        if (e.code() == BackendErrc::NoCard || e.code() == BackendErrc::CardRemoved) {
            reader.observedPresent = false;
            return;
        }
        throw;
    }
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
    try {
        f(*reader.card);
    } catch (const BackendError& e) {
        if (e.code() == BackendErrc::CardRemoved || e.code() == BackendErrc::NoCard) {
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
                const bool present = r->observedPresent;
                const std::uint64_t insertion = r->observedInsertion;
                if (present != r->eventPresent || (present && insertion != r->eventInsertion)) {
                    r->eventPresent = present;
                    r->eventInsertion = insertion;
                    r->pendingEvent.fill(true);
                }
            }
            for (auto& r : readers_)
                for (std::size_t role = 0; role < kTokenRoles; ++role)
                    if (r->pendingEvent[role]) {
                        r->pendingEvent[role] = false;
                        *slot = r->slotIds[role];
                        return CKR_OK;
                    }
        }
        if (flags & CKF_DONT_BLOCK) return CKR_NO_EVENT;
        if (shuttingDown_) return CKR_CRYPTOKI_NOT_INITIALIZED;
        backend_->waitForChange(kWaitSlice);
        if (shuttingDown_) return CKR_CRYPTOKI_NOT_INITIALIZED;
    }
}

}  // namespace ias::p11
