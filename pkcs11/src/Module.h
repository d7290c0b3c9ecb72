#pragma once
// The module behind the C boundary: slots, tokens, sessions, objects and mechanisms over one TokenBackend.
// Locks: the module lock guards the slot and session tables; each reader's lock guards its card, tokens and
// sessions. The module lock may be taken before a reader lock, never after one.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "Cryptoki.h"
#include "Locking.h"
#include "Reader.h"
#include "TokenBackend.h"

namespace ias::p11 {

class Module {
public:
    // `mayCreateThreads`: C_Initialize did not say CKF_LIBRARY_CANT_CREATE_OS_THREADS, so the card's kept
    // content may be confirmed on a thread of the module's own (docs/performance.md, "Browser start").
    Module(MutexFactory mutexes, std::unique_ptr<TokenBackend> backend, bool mayCreateThreads = true);
    ~Module();
    // C_Finalize: stops card reading ahead, releases blocked C_WaitForSlotEvent calls and waits until they
    // have left.
    void shutdown();

    // Slots and tokens
    void getSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR list, CK_ULONG_PTR count);
    void getSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info);
    void getTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info);
    void getMechanismList(CK_SLOT_ID slot, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count);
    void getMechanismInfo(CK_SLOT_ID slot, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR info);
    CK_RV waitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR slot);

    // Sessions and login
    void openSession(CK_SLOT_ID slot, CK_FLAGS flags, CK_SESSION_HANDLE_PTR session);
    void closeSession(CK_SESSION_HANDLE session);
    void closeAllSessions(CK_SLOT_ID slot);
    void getSessionInfo(CK_SESSION_HANDLE session, CK_SESSION_INFO_PTR info);
    void login(CK_SESSION_HANDLE session, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG pinLen);
    void logout(CK_SESSION_HANDLE session);
    void initPin(CK_SESSION_HANDLE session, CK_UTF8CHAR_PTR pin, CK_ULONG pinLen);
    void setPin(CK_SESSION_HANDLE session, CK_UTF8CHAR_PTR oldPin, CK_ULONG oldLen, CK_UTF8CHAR_PTR newPin,
                CK_ULONG newLen);
    void sessionCancel(CK_SESSION_HANDLE session, CK_FLAGS flags);

    // Objects
    void findObjectsInit(CK_SESSION_HANDLE session, CK_ATTRIBUTE_PTR templ, CK_ULONG count);
    void findObjects(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE_PTR objects, CK_ULONG max,
                     CK_ULONG_PTR count);
    void findObjectsFinal(CK_SESSION_HANDLE session);
    CK_RV getAttributeValue(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_PTR templ,
                            CK_ULONG count);
    void getObjectSize(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object, CK_ULONG_PTR size);

    // Signature and decryption
    void signInit(CK_SESSION_HANDLE session, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key);
    void sign(CK_SESSION_HANDLE session, CK_BYTE_PTR data, CK_ULONG dataLen, CK_BYTE_PTR signature,
              CK_ULONG_PTR signatureLen);
    void signUpdate(CK_SESSION_HANDLE session, CK_BYTE_PTR part, CK_ULONG partLen);
    void signFinal(CK_SESSION_HANDLE session, CK_BYTE_PTR signature, CK_ULONG_PTR signatureLen);
    void decryptInit(CK_SESSION_HANDLE session, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key);
    void decrypt(CK_SESSION_HANDLE session, CK_BYTE_PTR data, CK_ULONG dataLen, CK_BYTE_PTR out,
                 CK_ULONG_PTR outLen);
    // Functions of the standard the module does not offer still check the session handle first.
    void checkSession(CK_SESSION_HANDLE session);

private:
    struct SlotRef {
        std::shared_ptr<Reader> reader;
        TokenRole role;
    };
    // Under the module lock.
    void refreshReadersLocked();
    SlotRef slotLocked(CK_SLOT_ID slot);
    // Takes and releases the module lock.
    SlotRef slotRef(CK_SLOT_ID slot);
    std::vector<std::pair<CK_SLOT_ID, SlotRef>> refreshedSlots();
    std::shared_ptr<Session> sessionRef(CK_SESSION_HANDLE handle);

    // Under the reader lock.
    // The reader's card loaded for its current insertion: from kept content (unconfirmed, reading ahead)
    // when there is any, else read. A confirmation that has finished is settled on the way.
    void ensureCurrent(Reader& reader);
    // ensureCurrent(), then the card's confirmation of kept content waited for and settled: what objects,
    // logins and signatures need. Tokens may be replaced: take Token references only after it.
    void ensureConfirmed(Reader& reader);
    // The finished confirmation's result: the tokens shown stay (same content), are replaced (other
    // content: their sessions are void and C_WaitForSlotEvent reports the slots), or go (the card could
    // not be read; what it threw goes up, as a read would have).
    void settleConfirmation(Reader& reader);
    void loadCard(Reader& reader, std::uint64_t insertion);
    // The tokens of a card description, their PIN state from `card` (no command).
    Tokens tokensOf(const CardDescription& d, CardConnection& card);
    // No lock held: reads ahead on this thread what no thread has started (C_WaitForSlotEvent).
    void runIdleConfirmations();
    // Sessions of the reader's tokens void, tokens gone (the card connection stays).
    void voidTokens(Reader& reader);
    // ensureCurrent() for functions that have no code for a card fault: false when the card cannot be read.
    bool loadedIfReadable(Reader& reader);
    // The same card is back in the reader (put back, or pcscd restarted) and the application was never told
    // that it left: the reader takes the new connection and keeps its tokens, handles and sessions
    // (CardReturn.cpp). False, with nothing changed, when that cannot be shown.
    bool resumeSameCard(Reader& reader);
    void dropCard(Reader& reader);
    Token& presentToken(Reader& reader, TokenRole role);  // CKR_TOKEN_NOT_PRESENT
    // The session's token, or CKR_DEVICE_REMOVED / CKR_SESSION_HANDLE_INVALID when its card went away.
    // Need::Card (objects, logins, signatures) waits for the card's confirmation of kept content;
    // Need::Kept (session state, a search for objects no card has) does not.
    enum class Need { Kept, Card };
    Token& sessionToken(Session& session, Need need = Need::Card);
    std::vector<std::shared_ptr<Session>> liveSessions(Reader& reader, TokenRole role);
    // Runs a card call; a removed card voids the reader's state before the error goes up.
    // `caller`: the session whose call found the card gone; it is told once (this call), not again.
    void onCard(Reader& reader, const std::function<void(CardConnection&)>& f, Session* caller = nullptr);
    // The PIN checks done before the card sees anything, then VERIFY.
    // `contextLogin`: CKU_CONTEXT_SPECIFIC, where the backend may obtain a PIN the application does not give.
    void verifyPin(Session& session, Token& token, bool so, CK_UTF8CHAR_PTR pin, CK_ULONG pinLen,
                   bool contextLogin = false);
    void logoutToken(Reader& reader, Token& token, TokenRole role);
    // Every token still logged in is logged out (C_Finalize).
    void logoutAll();
    void signNow(Session& session, Token& token, CK_BYTE_PTR signature, CK_ULONG_PTR signatureLen);

    MutexFactory mutexes_;
    std::unique_ptr<Mutex> lock_;
    std::unique_ptr<TokenBackend> backend_;
    std::vector<std::shared_ptr<Reader>> readers_;
    std::map<CK_SLOT_ID, SlotRef> slots_;
    std::map<CK_SESSION_HANDLE, std::shared_ptr<Session>> sessions_;
    CK_SLOT_ID nextSlot_ = 1;
    CK_SESSION_HANDLE nextSession_ = 1;
    std::atomic<CK_OBJECT_HANDLE> nextObject_{1};
    bool initialScanDone_ = false;

    // C_WaitForSlotEvent bookkeeping (independent of the application's mutexes: it must work while
    // C_Finalize runs in another thread).
    std::mutex waitMutex_;
    std::condition_variable waitersGone_;
    int waiters_ = 0;
    std::atomic<bool> shuttingDown_{false};

    // Reading ahead: every confirmation started, so that C_Finalize can stop them without reader locks.
    const bool mayCreateThreads_;
    std::mutex confirmationsMutex_;
    std::vector<std::weak_ptr<CardConfirmation>> confirmations_;
};

// RAII for the module lock (a Mutex that may be the application's).
class MutexLock {
public:
    explicit MutexLock(Mutex& m) : m_(m) { m_.lock(); }
    ~MutexLock() { m_.unlock(); }
    MutexLock(const MutexLock&) = delete;
    MutexLock& operator=(const MutexLock&) = delete;

private:
    Mutex& m_;
};

}  // namespace ias::p11
