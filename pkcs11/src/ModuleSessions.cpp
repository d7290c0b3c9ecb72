// Module: sessions, login state (shared by all sessions of a token), PINs.
#include <algorithm>

#include "CkError.h"
#include "Module.h"

namespace ias::p11 {

std::shared_ptr<Session> Module::sessionRef(CK_SESSION_HANDLE handle) {
    MutexLock lk(*lock_);
    auto it = sessions_.find(handle);
    require(it != sessions_.end(), CKR_SESSION_HANDLE_INVALID);
    std::shared_ptr<Session> s = it->second;
    if (s->closed || s->removed) {
        // A session voided by a card removal (or closed meanwhile) leaves the table here.
        sessions_.erase(it);
        fail(s->closed.exchange(true) ? CKR_SESSION_HANDLE_INVALID : CKR_DEVICE_REMOVED);
    }
    return s;
}

Token& Module::sessionToken(Session& session, Need need) {
    require(!session.closed, CKR_SESSION_HANDLE_INVALID);
    Reader& reader = *session.reader;
    if (need == Need::Card)
        ensureConfirmed(reader);
    else
        ensureCurrent(reader);
    Token* token = reader.loaded ? reader.token(session.role) : nullptr;
    if (session.generation != reader.generation || token == nullptr) {
        // Its card was removed: the session is void from now on.
        session.closed = true;
        session.endOperations();
        fail(CKR_DEVICE_REMOVED);
    }
    return *token;
}

std::vector<std::shared_ptr<Session>> Module::liveSessions(Reader& reader, TokenRole role) {
    std::vector<std::shared_ptr<Session>> out;
    for (auto& weak : reader.sessions)
        if (auto s = weak.lock(); s && !s->closed && s->role == role && s->generation == reader.generation)
            out.push_back(std::move(s));
    return out;
}

void Module::checkSession(CK_SESSION_HANDLE handle) {
    auto session = sessionRef(handle);
    ReaderLock lk(*session->reader);
    sessionToken(*session, Need::Kept);
}

void Module::openSession(CK_SLOT_ID slot, CK_FLAGS flags, CK_SESSION_HANDLE_PTR handle) {
    require(handle != nullptr, CKR_ARGUMENTS_BAD);
    require((flags & CKF_SERIAL_SESSION) != 0, CKR_SESSION_PARALLEL_NOT_SUPPORTED);
    SlotRef ref = slotRef(slot);
    auto session = std::make_shared<Session>();
    {
        ReaderLock lk(*ref.reader);
        Token& token = presentToken(*ref.reader, ref.role);
        if (!(flags & CKF_RW_SESSION) && token.login == LoginState::SecurityOfficer)
            fail(CKR_SESSION_READ_WRITE_SO_EXISTS);
        session->slot = slot;
        session->reader = ref.reader;
        session->role = ref.role;
        session->flags = flags & (CKF_SERIAL_SESSION | CKF_RW_SESSION);
        session->generation = ref.reader->generation;
        auto& list = ref.reader->sessions;
        list.erase(std::remove_if(list.begin(), list.end(), [](auto& w) { return w.expired(); }), list.end());
        list.push_back(session);
    }
    MutexLock lk(*lock_);
    session->handle = nextSession_++;
    sessions_[session->handle] = session;
    *handle = session->handle;
}

void Module::logoutToken(Reader& reader, Token& token, TokenRole role) {
    if (token.login == LoginState::Public) return;
    const PinRef pin = token.login == LoginState::SecurityOfficer ? token.description().soPin.value()
                                                                  : token.description().userPin;
    token.login = LoginState::Public;
    token.soPinValue.reset();
    for (auto& s : liveSessions(reader, role)) {
        s->sign.reset();
        s->decrypt.reset();
    }
    try {
        onCard(reader, [&](CardConnection& card) { card.logout(pin); });
    } catch (...) {
        // Best effort: the module's own state is already public.
    }
}

void Module::closeSession(CK_SESSION_HANDLE handle) {
    auto session = sessionRef(handle);
    {
        ReaderLock lk(*session->reader);
        Reader& reader = *session->reader;
        const bool current = !session->closed && session->generation == reader.generation && reader.loaded;
        session->closed = true;
        session->endOperations();
        if (current) {
            Token* token = reader.token(session->role);
            // The last session of a token closed: its user is logged out (PKCS #11 2.40 section 5.6).
            if (token != nullptr && liveSessions(reader, session->role).empty())
                logoutToken(reader, *token, session->role);
        }
    }
    MutexLock lk(*lock_);
    sessions_.erase(handle);
}

void Module::closeAllSessions(CK_SLOT_ID slot) {
    SlotRef ref = slotRef(slot);
    std::vector<CK_SESSION_HANDLE> handles;
    {
        MutexLock lk(*lock_);
        for (auto& [h, s] : sessions_)
            if (s->slot == slot) handles.push_back(h);
    }
    for (CK_SESSION_HANDLE h : handles) {
        try {
            closeSession(h);
        } catch (const CkError&) {
            // Already closed by another thread.
        }
    }
    ReaderLock lk(*ref.reader);
    if (ref.reader->loaded)
        if (Token* token = ref.reader->token(ref.role)) logoutToken(*ref.reader, *token, ref.role);
}

void Module::getSessionInfo(CK_SESSION_HANDLE handle, CK_SESSION_INFO_PTR info) {
    require(info != nullptr, CKR_ARGUMENTS_BAD);
    auto session = sessionRef(handle);
    ReaderLock lk(*session->reader);
    Token& token = sessionToken(*session, Need::Kept);
    info->slotID = session->slot;
    info->flags = session->flags;
    info->ulDeviceError = 0;
    const bool rw = session->readWrite();
    switch (token.login) {
        case LoginState::Public:
            info->state = rw ? CKS_RW_PUBLIC_SESSION : CKS_RO_PUBLIC_SESSION;
            break;
        case LoginState::User:
            info->state = rw ? CKS_RW_USER_FUNCTIONS : CKS_RO_USER_FUNCTIONS;
            break;
        case LoginState::SecurityOfficer:
            info->state = CKS_RW_SO_FUNCTIONS;
            break;
    }
}

// ---- PINs ----

namespace {

// A PIN argument is either the PIN the card holds (C_Login, C_SetPIN's old PIN) or one to be set.
enum class PinUse { Current, New };

// The characters the card can hold: never a NUL byte (a C string ends there), digits only when the card
// says so.
bool charactersFit(ByteView pin, const PinInfo& rules) {
    for (std::uint8_t c : pin)
        if (c == 0 || (rules.digitsOnly && (c < '0' || c > '9'))) return false;
    return true;
}

// The PIN as the application gave it, checked against the card's rules; nullopt when the backend obtains it
// (the protected path, or a context-specific login the backend asks the user for). Nothing that fails here
// reaches the card. A current PIN the card could never hold is just not the card's PIN: CKR_PIN_INCORRECT
// (C_Login has no other code for it in PKCS #11 3.0); a new one is CKR_PIN_LEN_RANGE for its length and
// CKR_PIN_INVALID for its characters, as C_SetPIN and C_InitPIN list them.
std::optional<SecureBuffer> pinArgument(CK_UTF8CHAR_PTR pin, CK_ULONG len, const PinInfo& rules, PinUse use,
                                        bool contextLogin = false) {
    const bool backendObtains = rules.protectedPath || (contextLogin && rules.contextDialog);
    if (pin == nullptr) {
        require(len == 0 && backendObtains, CKR_ARGUMENTS_BAD);
        return std::nullopt;
    }
    if (len == 0 && backendObtains) return std::nullopt;
    const bool current = use == PinUse::Current;
    require(len >= rules.minLength && len <= rules.maxLength,
            current ? CKR_PIN_INCORRECT : CKR_PIN_LEN_RANGE);
    require(charactersFit(ByteView(pin, len), rules), current ? CKR_PIN_INCORRECT : CKR_PIN_INVALID);
    return SecureBuffer::copyOf(ByteView(pin, len));
}

}  // namespace

void Module::verifyPin(Session& session, Token& token, bool so, CK_UTF8CHAR_PTR pin, CK_ULONG pinLen,
                       bool contextLogin) {
    PinInfo& rules = so ? token.soPin.value() : token.userPin;
    RejectedPin& rejected = so ? token.rejectedSoPin : token.rejectedUserPin;
    const PinRef ref = so ? token.description().soPin.value() : token.description().userPin;
    Reader& reader = *session.reader;
    std::optional<SecureBuffer> value = pinArgument(pin, pinLen, rules, PinUse::Current, contextLogin);
    require(!rules.blocked && rules.triesLeft != 0, CKR_PIN_LOCKED);
    // The PIN the card refused last time is refused here, without costing a try.
    if (value && rejected.matches(value->view())) fail(CKR_PIN_INCORRECT);
    try {
        onCard(
            reader, [&](CardConnection& card) { card.verifyPin(ref, value ? &*value : nullptr); }, &session);
    } catch (const BackendError& e) {
        if (e.code() == BackendErrc::PinIncorrect && value) rejected.remember(value->view());
        if (e.code() == BackendErrc::PinBlocked) rules.blocked = true;
        try {
            token.refreshPins(*reader.card);
        } catch (...) {
        }
        throw;
    }
    rejected.forget();
    try {
        token.refreshPins(*reader.card);
    } catch (...) {
    }
}

void Module::login(CK_SESSION_HANDLE handle, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG pinLen) {
    auto session = sessionRef(handle);
    Reader& reader = *session->reader;
    ReaderLock lk(reader);
    Token& token = sessionToken(*session);
    switch (user) {
        case CKU_USER: {
            if (token.login == LoginState::User) fail(CKR_USER_ALREADY_LOGGED_IN);
            if (token.login == LoginState::SecurityOfficer) fail(CKR_USER_ANOTHER_ALREADY_LOGGED_IN);
            require(token.userPin.initialized, CKR_USER_PIN_NOT_INITIALIZED);
            verifyPin(*session, token, false, pin, pinLen);
            token.login = LoginState::User;
            return;
        }
        case CKU_SO: {
            require(token.soPin.has_value(), CKR_USER_TYPE_INVALID);
            if (token.login == LoginState::SecurityOfficer) fail(CKR_USER_ALREADY_LOGGED_IN);
            if (token.login == LoginState::User) fail(CKR_USER_ANOTHER_ALREADY_LOGGED_IN);
            for (auto& s : liveSessions(reader, session->role))
                if (!s->readWrite()) fail(CKR_SESSION_READ_ONLY_EXISTS);
            verifyPin(*session, token, true, pin, pinLen);
            token.login = LoginState::SecurityOfficer;
            if (pin != nullptr && pinLen > 0) token.soPinValue = SecureBuffer::copyOf(ByteView(pin, pinLen));
            return;
        }
        case CKU_CONTEXT_SPECIFIC: {
            // Authorises exactly one use of a key that needs the PIN for every use, in this session.
            bool* authorised = nullptr;
            if (session->sign && session->sign->needsContextLogin())
                authorised = &session->sign->contextAuthorised;
            else if (session->decrypt && session->decrypt->alwaysAuthenticate)
                authorised = &session->decrypt->contextAuthorised;
            require(authorised != nullptr, CKR_OPERATION_NOT_INITIALIZED);
            verifyPin(*session, token, false, pin, pinLen, true);
            *authorised = true;
            return;
        }
        default:
            fail(CKR_USER_TYPE_INVALID);
    }
}

void Module::logout(CK_SESSION_HANDLE handle) {
    auto session = sessionRef(handle);
    Reader& reader = *session->reader;
    ReaderLock lk(reader);
    Token& token = sessionToken(*session);
    require(token.login != LoginState::Public, CKR_USER_NOT_LOGGED_IN);
    logoutToken(reader, token, session->role);
}

void Module::initPin(CK_SESSION_HANDLE handle, CK_UTF8CHAR_PTR pin, CK_ULONG pinLen) {
    auto session = sessionRef(handle);
    Reader& reader = *session->reader;
    ReaderLock lk(reader);
    Token& token = sessionToken(*session);
    require(session->readWrite(), CKR_SESSION_READ_ONLY);
    require(token.login == LoginState::SecurityOfficer, CKR_USER_NOT_LOGGED_IN);
    // No PIN: the current one stays, or the backend obtains the new one (PIN-pad).
    std::optional<SecureBuffer> newPin;
    if (pin != nullptr) {
        PinInfo rules = token.userPin;
        rules.protectedPath = false;
        newPin = pinArgument(pin, pinLen, rules, PinUse::New);
    } else {
        require(pinLen == 0, CKR_ARGUMENTS_BAD);
    }
    const SecureBuffer* puk = token.soPinValue ? &*token.soPinValue : nullptr;
    onCard(
        reader,
        [&](CardConnection& card) {
            card.unblockPin(token.description().userPin, token.description().soPin.value(), puk,
                            newPin ? &*newPin : nullptr);
        },
        session.get());
    token.rejectedUserPin.forget();
    try {
        token.refreshPins(*reader.card);
    } catch (...) {
    }
}

void Module::setPin(CK_SESSION_HANDLE handle, CK_UTF8CHAR_PTR oldPin, CK_ULONG oldLen, CK_UTF8CHAR_PTR newPin,
                    CK_ULONG newLen) {
    auto session = sessionRef(handle);
    Reader& reader = *session->reader;
    ReaderLock lk(reader);
    Token& token = sessionToken(*session);
    require(session->readWrite(), CKR_SESSION_READ_ONLY);
    const bool so = token.login == LoginState::SecurityOfficer;
    PinInfo& rules = so ? token.soPin.value() : token.userPin;
    RejectedPin& rejected = so ? token.rejectedSoPin : token.rejectedUserPin;
    const PinRef ref = so ? token.description().soPin.value() : token.description().userPin;
    std::optional<SecureBuffer> oldValue = pinArgument(oldPin, oldLen, rules, PinUse::Current);
    std::optional<SecureBuffer> newValue = pinArgument(newPin, newLen, rules, PinUse::New);
    require(!rules.blocked && rules.triesLeft != 0, CKR_PIN_LOCKED);
    if (oldValue && rejected.matches(oldValue->view())) fail(CKR_PIN_INCORRECT);
    try {
        onCard(
            reader,
            [&](CardConnection& card) {
                card.changePin(ref, oldValue ? &*oldValue : nullptr, newValue ? &*newValue : nullptr);
            },
            session.get());
    } catch (const BackendError& e) {
        if (e.code() == BackendErrc::PinIncorrect && oldValue) rejected.remember(oldValue->view());
        try {
            token.refreshPins(*reader.card);
        } catch (...) {
        }
        throw;
    }
    rejected.forget();
    if (so && newValue) token.soPinValue = *newValue;
    try {
        token.refreshPins(*reader.card);
    } catch (...) {
    }
}

void Module::sessionCancel(CK_SESSION_HANDLE handle, CK_FLAGS flags) {
    auto session = sessionRef(handle);
    ReaderLock lk(*session->reader);
    sessionToken(*session, Need::Kept);
    if (flags & CKF_SIGN) session->sign.reset();
    if (flags & CKF_DECRYPT) session->decrypt.reset();
    if (flags & CKF_FIND_OBJECTS) session->find.reset();
}

}  // namespace ias::p11
