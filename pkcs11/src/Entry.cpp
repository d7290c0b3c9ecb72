// The C boundary of libias-pkcs11.so: every C_* function forwards to the one Module object inside a
// try/catch; no exception crosses this file, and errors become CK_RV values in ErrorMapping.cpp only.
#include <pthread.h>
#include <sodium.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <utility>

#include "CkError.h"
#include "Cryptoki.h"
#include "EntryTrace.h"
#include "ErrorMapping.h"
#include "Module.h"
#include "ModuleLog.h"
#include "Padding.h"
#include "ias/apdu/PcscCall.h"

#define IAS_EXPORT extern "C" __attribute__((visibility("default")))

using namespace ias::p11;

namespace {

// The module instance. After fork() the child sees no instance (pid check) until it calls C_Initialize; the
// parent's instance is then abandoned, never destroyed: its locks and card connections belong to the parent.
std::mutex g_instanceMutex;
std::shared_ptr<Module> g_module;
pid_t g_pid = 0;

void lockForFork() {
    g_instanceMutex.lock();
}
void unlockAfterFork() {
    g_instanceMutex.unlock();
}

std::shared_ptr<Module> instance() {
    std::lock_guard<std::mutex> lk(g_instanceMutex);
    if (!g_module || g_pid != getpid()) return nullptr;
    return g_module;
}

// `function` picks the return values PKCS #11 3.0 lists for that function (ErrorMapping.h). `where` names the
// exported function in the debug log (EntryTrace.h).
template <typename F>
CK_RV guarded(CkFunction function, F&& f, const char* where = __builtin_FUNCTION()) noexcept {
    const EntryTrace trace(where);
    try {
        std::shared_ptr<Module> m = instance();
        if (!m) return trace.done(CKR_CRYPTOKI_NOT_INITIALIZED);
        if constexpr (std::is_same_v<decltype(f(*m)), CK_RV>) {
            return trace.done(f(*m));
        } else {
            f(*m);
            return trace.done(CKR_OK);
        }
    } catch (...) {
        return trace.done(currentExceptionToCkRv(function));
    }
}

template <typename F>
CK_RV guarded(F&& f, const char* where = __builtin_FUNCTION()) noexcept {
    return guarded(CkFunction::Other, std::forward<F>(f), where);
}

CK_RV notSupported(const char* where = __builtin_FUNCTION()) noexcept {
    return EntryTrace(where).done(instance() ? CKR_FUNCTION_NOT_SUPPORTED : CKR_CRYPTOKI_NOT_INITIALIZED);
}

CK_RV notSupportedInSession(CK_SESSION_HANDLE h, const char* where = __builtin_FUNCTION()) noexcept {
    // The session's errors first; the trace logs the value returned.
    return guarded(
        [&](Module& m) -> CK_RV {
            m.checkSession(h);
            return CKR_FUNCTION_NOT_SUPPORTED;
        },
        where);
}

CK_RV getInfo(CK_INFO_PTR info, CK_VERSION version) noexcept {
    return guarded(
        [&](Module&) {
            require(info != nullptr, CKR_ARGUMENTS_BAD);
            info->cryptokiVersion = version;
            padField(info->manufacturerID, sizeof info->manufacturerID, "IAS-ECC middleware");
            info->flags = 0;
            padField(info->libraryDescription, sizeof info->libraryDescription, "IAS-ECC PKCS#11 module");
            info->libraryVersion = {0, 1};
        },
        "C_GetInfo");  // both interface versions' C_GetInfo
}

CK_RV getInfo240(CK_INFO_PTR info) {
    return getInfo(info, CK_VERSION{2, 40});
}
CK_RV getInfo30(CK_INFO_PTR info) {
    return getInfo(info, CK_VERSION{3, 0});
}

CK_RV initialize(CK_VOID_PTR initArgs) noexcept {
    try {
        const auto* args = static_cast<const CK_C_INITIALIZE_ARGS*>(initArgs);
        MutexFactory mutexes = MutexFactory::fromInitArgs(args);
        const bool mayCreateThreads =
            args == nullptr || (args->flags & CKF_LIBRARY_CANT_CREATE_OS_THREADS) == 0;
        std::lock_guard<std::mutex> lk(g_instanceMutex);
        static bool atforkRegistered = false;
        if (!atforkRegistered) {
            // The PC/SC fork gate first: prepare handlers run in reverse order, so fork() takes the
            // instance lock before the gate closes, and no thread holding that lock can be left waiting
            // at the gate.
            ias::installPcscForkGate();
            // Keeps the instance lock usable in a child forked while another thread held it.
            pthread_atfork(lockForFork, unlockAfterFork, unlockAfterFork);
            atforkRegistered = true;
        }
        if (g_module && g_pid == getpid()) return CKR_CRYPTOKI_ALREADY_INITIALIZED;
        if (g_module)
            new std::shared_ptr<Module>(std::move(g_module));  // a forked child: abandon the parent's
        if (sodium_init() < 0) return CKR_GENERAL_ERROR;
        g_module = std::make_shared<Module>(mutexes, makeTokenBackend(), mayCreateThreads);
        logDebug(mayCreateThreads
                     ? "C_Initialize: the module may make threads"
                     : "C_Initialize: CKF_LIBRARY_CANT_CREATE_OS_THREADS, no thread of the module's own");
        g_pid = getpid();
        return CKR_OK;
    } catch (...) {
        return currentExceptionToCkRv();
    }
}

CK_RV finalize(CK_VOID_PTR reserved) noexcept {
    try {
        if (reserved != nullptr) return instance() ? CKR_ARGUMENTS_BAD : CKR_CRYPTOKI_NOT_INITIALIZED;
        std::shared_ptr<Module> m;
        {
            std::lock_guard<std::mutex> lk(g_instanceMutex);
            if (!g_module || g_pid != getpid()) return CKR_CRYPTOKI_NOT_INITIALIZED;
            m = std::move(g_module);
        }
        m->shutdown();
        return CKR_OK;
    } catch (...) {
        return currentExceptionToCkRv();
    }
}

}  // namespace

// ---- general purpose ----

IAS_EXPORT CK_RV C_Initialize(CK_VOID_PTR initArgs) {
    // The trace first: a member call's object is evaluated before its arguments.
    return EntryTrace(__builtin_FUNCTION()).done(initialize(initArgs));
}

IAS_EXPORT CK_RV C_Finalize(CK_VOID_PTR reserved) {
    // The trace first: a member call's object is evaluated before its arguments.
    return EntryTrace(__builtin_FUNCTION()).done(finalize(reserved));
}

IAS_EXPORT CK_RV C_GetInfo(CK_INFO_PTR info) {
    return getInfo240(info);
}

IAS_EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list);
IAS_EXPORT CK_RV C_GetInterfaceList(CK_INTERFACE_PTR list, CK_ULONG_PTR count);
IAS_EXPORT CK_RV C_GetInterface(CK_UTF8CHAR_PTR name, CK_VERSION_PTR version, CK_INTERFACE_PTR_PTR iface,
                                CK_FLAGS flags);

// ---- slots and tokens ----

IAS_EXPORT CK_RV C_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
    return guarded([&](Module& m) { m.getSlotList(tokenPresent, list, count); });
}
IAS_EXPORT CK_RV C_GetSlotInfo(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info) {
    return guarded([&](Module& m) { m.getSlotInfo(slot, info); });
}
IAS_EXPORT CK_RV C_GetTokenInfo(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
    return guarded([&](Module& m) { m.getTokenInfo(slot, info); });
}
IAS_EXPORT CK_RV C_GetMechanismList(CK_SLOT_ID slot, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count) {
    return guarded([&](Module& m) { m.getMechanismList(slot, list, count); });
}
IAS_EXPORT CK_RV C_GetMechanismInfo(CK_SLOT_ID slot, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR info) {
    return guarded([&](Module& m) { m.getMechanismInfo(slot, type, info); });
}
IAS_EXPORT CK_RV C_InitToken(CK_SLOT_ID, CK_UTF8CHAR_PTR, CK_ULONG, CK_UTF8CHAR_PTR) {
    return notSupported();
}
IAS_EXPORT CK_RV C_InitPIN(CK_SESSION_HANDLE s, CK_UTF8CHAR_PTR pin, CK_ULONG len) {
    return guarded(CkFunction::InitPin, [&](Module& m) { m.initPin(s, pin, len); });
}
IAS_EXPORT CK_RV C_SetPIN(CK_SESSION_HANDLE s, CK_UTF8CHAR_PTR oldPin, CK_ULONG oldLen,
                          CK_UTF8CHAR_PTR newPin, CK_ULONG newLen) {
    return guarded(CkFunction::SetPin, [&](Module& m) { m.setPin(s, oldPin, oldLen, newPin, newLen); });
}
IAS_EXPORT CK_RV C_WaitForSlotEvent(CK_FLAGS flags, CK_SLOT_ID_PTR slot, CK_VOID_PTR reserved) {
    if (reserved != nullptr) return instance() ? CKR_ARGUMENTS_BAD : CKR_CRYPTOKI_NOT_INITIALIZED;
    return guarded([&](Module& m) { return m.waitForSlotEvent(flags, slot); });
}

// ---- sessions ----

IAS_EXPORT CK_RV C_OpenSession(CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR, CK_NOTIFY,
                               CK_SESSION_HANDLE_PTR s) {
    return guarded([&](Module& m) { m.openSession(slot, flags, s); });
}
IAS_EXPORT CK_RV C_CloseSession(CK_SESSION_HANDLE s) {
    return guarded([&](Module& m) { m.closeSession(s); });
}
IAS_EXPORT CK_RV C_CloseAllSessions(CK_SLOT_ID slot) {
    return guarded([&](Module& m) { m.closeAllSessions(slot); });
}
IAS_EXPORT CK_RV C_GetSessionInfo(CK_SESSION_HANDLE s, CK_SESSION_INFO_PTR info) {
    return guarded([&](Module& m) { m.getSessionInfo(s, info); });
}
IAS_EXPORT CK_RV C_GetOperationState(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_SetOperationState(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG, CK_OBJECT_HANDLE,
                                     CK_OBJECT_HANDLE) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_Login(CK_SESSION_HANDLE s, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG len) {
    return guarded(CkFunction::Login, [&](Module& m) { m.login(s, user, pin, len); });
}
IAS_EXPORT CK_RV C_Logout(CK_SESSION_HANDLE s) {
    return guarded([&](Module& m) { m.logout(s); });
}

// ---- objects ----

IAS_EXPORT CK_RV C_CreateObject(CK_SESSION_HANDLE s, CK_ATTRIBUTE_PTR, CK_ULONG, CK_OBJECT_HANDLE_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_CopyObject(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE, CK_ATTRIBUTE_PTR, CK_ULONG,
                              CK_OBJECT_HANDLE_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_DestroyObject(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_GetObjectSize(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ULONG_PTR size) {
    return guarded([&](Module& m) { m.getObjectSize(s, o, size); });
}
IAS_EXPORT CK_RV C_GetAttributeValue(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_PTR t,
                                     CK_ULONG n) {
    return guarded([&](Module& m) { return m.getAttributeValue(s, o, t, n); });
}
IAS_EXPORT CK_RV C_SetAttributeValue(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE, CK_ATTRIBUTE_PTR, CK_ULONG) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_FindObjectsInit(CK_SESSION_HANDLE s, CK_ATTRIBUTE_PTR t, CK_ULONG n) {
    return guarded([&](Module& m) { m.findObjectsInit(s, t, n); });
}
IAS_EXPORT CK_RV C_FindObjects(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE_PTR o, CK_ULONG max, CK_ULONG_PTR n) {
    return guarded([&](Module& m) { m.findObjects(s, o, max, n); });
}
IAS_EXPORT CK_RV C_FindObjectsFinal(CK_SESSION_HANDLE s) {
    return guarded([&](Module& m) { m.findObjectsFinal(s); });
}

// ---- cryptography ----

IAS_EXPORT CK_RV C_EncryptInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR, CK_OBJECT_HANDLE) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_Encrypt(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_EncryptUpdate(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_EncryptFinal(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_DecryptInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR mech, CK_OBJECT_HANDLE key) {
    return guarded([&](Module& m) { m.decryptInit(s, mech, key); });
}
IAS_EXPORT CK_RV C_Decrypt(CK_SESSION_HANDLE s, CK_BYTE_PTR in, CK_ULONG inLen, CK_BYTE_PTR out,
                           CK_ULONG_PTR outLen) {
    return guarded(CkFunction::Decrypt, [&](Module& m) { m.decrypt(s, in, inLen, out, outLen); });
}
IAS_EXPORT CK_RV C_DecryptUpdate(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_DecryptFinal(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_DigestInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_Digest(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_DigestUpdate(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_DigestKey(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_DigestFinal(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_SignInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR mech, CK_OBJECT_HANDLE key) {
    return guarded([&](Module& m) { m.signInit(s, mech, key); });
}
IAS_EXPORT CK_RV C_Sign(CK_SESSION_HANDLE s, CK_BYTE_PTR data, CK_ULONG dataLen, CK_BYTE_PTR sig,
                        CK_ULONG_PTR sigLen) {
    return guarded(CkFunction::Sign, [&](Module& m) { m.sign(s, data, dataLen, sig, sigLen); });
}
IAS_EXPORT CK_RV C_SignUpdate(CK_SESSION_HANDLE s, CK_BYTE_PTR part, CK_ULONG partLen) {
    return guarded(CkFunction::SignPart, [&](Module& m) { m.signUpdate(s, part, partLen); });
}
IAS_EXPORT CK_RV C_SignFinal(CK_SESSION_HANDLE s, CK_BYTE_PTR sig, CK_ULONG_PTR sigLen) {
    return guarded(CkFunction::SignPart, [&](Module& m) { m.signFinal(s, sig, sigLen); });
}
IAS_EXPORT CK_RV C_SignRecoverInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR, CK_OBJECT_HANDLE) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_SignRecover(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_VerifyInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR, CK_OBJECT_HANDLE) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_Verify(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_VerifyUpdate(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_VerifyFinal(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_VerifyRecoverInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR, CK_OBJECT_HANDLE) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_VerifyRecover(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_DigestEncryptUpdate(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR,
                                       CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_DecryptDigestUpdate(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR,
                                       CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_SignEncryptUpdate(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_DecryptVerifyUpdate(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR,
                                       CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_GenerateKey(CK_SESSION_HANDLE s, CK_MECHANISM_PTR, CK_ATTRIBUTE_PTR, CK_ULONG,
                               CK_OBJECT_HANDLE_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_GenerateKeyPair(CK_SESSION_HANDLE s, CK_MECHANISM_PTR, CK_ATTRIBUTE_PTR, CK_ULONG,
                                   CK_ATTRIBUTE_PTR, CK_ULONG, CK_OBJECT_HANDLE_PTR, CK_OBJECT_HANDLE_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_WrapKey(CK_SESSION_HANDLE s, CK_MECHANISM_PTR, CK_OBJECT_HANDLE, CK_OBJECT_HANDLE,
                           CK_BYTE_PTR, CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_UnwrapKey(CK_SESSION_HANDLE s, CK_MECHANISM_PTR, CK_OBJECT_HANDLE, CK_BYTE_PTR, CK_ULONG,
                             CK_ATTRIBUTE_PTR, CK_ULONG, CK_OBJECT_HANDLE_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_DeriveKey(CK_SESSION_HANDLE s, CK_MECHANISM_PTR, CK_OBJECT_HANDLE, CK_ATTRIBUTE_PTR,
                             CK_ULONG, CK_OBJECT_HANDLE_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_SeedRandom(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG) {
    // The token has no random generator for applications (no CKF_RNG in its flags).
    CK_RV rv = guarded([&](Module& m) { m.checkSession(s); });
    return rv == CKR_OK ? CKR_RANDOM_NO_RNG : rv;
}
IAS_EXPORT CK_RV C_GenerateRandom(CK_SESSION_HANDLE s, CK_BYTE_PTR, CK_ULONG) {
    // The token has no random generator for applications (no CKF_RNG in its flags).
    CK_RV rv = guarded([&](Module& m) { m.checkSession(s); });
    return rv == CKR_OK ? CKR_RANDOM_NO_RNG : rv;
}
IAS_EXPORT CK_RV C_GetFunctionStatus(CK_SESSION_HANDLE s) {
    CK_RV rv = guarded([&](Module& m) { m.checkSession(s); });
    return rv == CKR_OK ? CKR_FUNCTION_NOT_PARALLEL : rv;
}
IAS_EXPORT CK_RV C_CancelFunction(CK_SESSION_HANDLE s) {
    CK_RV rv = guarded([&](Module& m) { m.checkSession(s); });
    return rv == CKR_OK ? CKR_FUNCTION_NOT_PARALLEL : rv;
}

// ---- Cryptoki 3.0 ----

IAS_EXPORT CK_RV C_LoginUser(CK_SESSION_HANDLE s, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG len,
                             CK_UTF8CHAR_PTR userName, CK_ULONG userNameLen) {
    // IAS-ECC PINs have no user names: only the anonymous form is accepted.
    if (userName != nullptr && userNameLen != 0)
        return instance() ? CKR_ARGUMENTS_BAD : CKR_CRYPTOKI_NOT_INITIALIZED;
    return C_Login(s, user, pin, len);
}
IAS_EXPORT CK_RV C_SessionCancel(CK_SESSION_HANDLE s, CK_FLAGS flags) {
    return guarded([&](Module& m) { m.sessionCancel(s, flags); });
}
IAS_EXPORT CK_RV C_MessageEncryptInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR, CK_OBJECT_HANDLE) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_EncryptMessage(CK_SESSION_HANDLE s, CK_VOID_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG,
                                  CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_EncryptMessageBegin(CK_SESSION_HANDLE s, CK_VOID_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_EncryptMessageNext(CK_SESSION_HANDLE s, CK_VOID_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG,
                                      CK_BYTE_PTR, CK_ULONG_PTR, CK_FLAGS) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_MessageEncryptFinal(CK_SESSION_HANDLE s) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_MessageDecryptInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR, CK_OBJECT_HANDLE) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_DecryptMessage(CK_SESSION_HANDLE s, CK_VOID_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG,
                                  CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_DecryptMessageBegin(CK_SESSION_HANDLE s, CK_VOID_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_DecryptMessageNext(CK_SESSION_HANDLE s, CK_VOID_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG,
                                      CK_BYTE_PTR, CK_ULONG_PTR, CK_FLAGS) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_MessageDecryptFinal(CK_SESSION_HANDLE s) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_MessageSignInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR, CK_OBJECT_HANDLE) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_SignMessage(CK_SESSION_HANDLE s, CK_VOID_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG, CK_BYTE_PTR,
                               CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_SignMessageBegin(CK_SESSION_HANDLE s, CK_VOID_PTR, CK_ULONG) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_SignMessageNext(CK_SESSION_HANDLE s, CK_VOID_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG,
                                   CK_BYTE_PTR, CK_ULONG_PTR) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_MessageSignFinal(CK_SESSION_HANDLE s) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_MessageVerifyInit(CK_SESSION_HANDLE s, CK_MECHANISM_PTR, CK_OBJECT_HANDLE) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_VerifyMessage(CK_SESSION_HANDLE s, CK_VOID_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG,
                                 CK_BYTE_PTR, CK_ULONG) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_VerifyMessageBegin(CK_SESSION_HANDLE s, CK_VOID_PTR, CK_ULONG) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_VerifyMessageNext(CK_SESSION_HANDLE s, CK_VOID_PTR, CK_ULONG, CK_BYTE_PTR, CK_ULONG,
                                     CK_BYTE_PTR, CK_ULONG) {
    return notSupportedInSession(s);
}
IAS_EXPORT CK_RV C_MessageVerifyFinal(CK_SESSION_HANDLE s) {
    return notSupportedInSession(s);
}

// ---- function lists and interfaces ----

namespace {

#define IAS_FUNCTIONS_2_40(getInfoFn)                                                                        \
    C_Initialize, C_Finalize, getInfoFn, C_GetFunctionList, C_GetSlotList, C_GetSlotInfo, C_GetTokenInfo,    \
        C_GetMechanismList, C_GetMechanismInfo, C_InitToken, C_InitPIN, C_SetPIN, C_OpenSession,             \
        C_CloseSession, C_CloseAllSessions, C_GetSessionInfo, C_GetOperationState, C_SetOperationState,      \
        C_Login, C_Logout, C_CreateObject, C_CopyObject, C_DestroyObject, C_GetObjectSize,                   \
        C_GetAttributeValue, C_SetAttributeValue, C_FindObjectsInit, C_FindObjects, C_FindObjectsFinal,      \
        C_EncryptInit, C_Encrypt, C_EncryptUpdate, C_EncryptFinal, C_DecryptInit, C_Decrypt,                 \
        C_DecryptUpdate, C_DecryptFinal, C_DigestInit, C_Digest, C_DigestUpdate, C_DigestKey, C_DigestFinal, \
        C_SignInit, C_Sign, C_SignUpdate, C_SignFinal, C_SignRecoverInit, C_SignRecover, C_VerifyInit,       \
        C_Verify, C_VerifyUpdate, C_VerifyFinal, C_VerifyRecoverInit, C_VerifyRecover,                       \
        C_DigestEncryptUpdate, C_DecryptDigestUpdate, C_SignEncryptUpdate, C_DecryptVerifyUpdate,            \
        C_GenerateKey, C_GenerateKeyPair, C_WrapKey, C_UnwrapKey, C_DeriveKey, C_SeedRandom,                 \
        C_GenerateRandom, C_GetFunctionStatus, C_CancelFunction, C_WaitForSlotEvent

CK_FUNCTION_LIST g_functions240 = {{2, 40}, IAS_FUNCTIONS_2_40(getInfo240)};

CK_FUNCTION_LIST_3_0 g_functions30 = {
    {3, 0},
    IAS_FUNCTIONS_2_40(getInfo30),
    C_GetInterfaceList,
    C_GetInterface,
    C_LoginUser,
    C_SessionCancel,
    C_MessageEncryptInit,
    C_EncryptMessage,
    C_EncryptMessageBegin,
    C_EncryptMessageNext,
    C_MessageEncryptFinal,
    C_MessageDecryptInit,
    C_DecryptMessage,
    C_DecryptMessageBegin,
    C_DecryptMessageNext,
    C_MessageDecryptFinal,
    C_MessageSignInit,
    C_SignMessage,
    C_SignMessageBegin,
    C_SignMessageNext,
    C_MessageSignFinal,
    C_MessageVerifyInit,
    C_VerifyMessage,
    C_VerifyMessageBegin,
    C_VerifyMessageNext,
    C_MessageVerifyFinal,
};

CK_CHAR g_interfaceName[] = "PKCS 11";

// The newest first: C_GetInterface(NULL, NULL, ...) gives the 3.0 list.
CK_INTERFACE g_interfaces[] = {
    {g_interfaceName, &g_functions30, 0},
    {g_interfaceName, &g_functions240, 0},
};

}  // namespace

IAS_EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list) {
    if (list == nullptr) return CKR_ARGUMENTS_BAD;
    *list = &g_functions240;
    return CKR_OK;
}

IAS_EXPORT CK_RV C_GetInterfaceList(CK_INTERFACE_PTR list, CK_ULONG_PTR count) {
    constexpr CK_ULONG n = sizeof g_interfaces / sizeof g_interfaces[0];
    if (count == nullptr) return CKR_ARGUMENTS_BAD;
    if (list == nullptr) {
        *count = n;
        return CKR_OK;
    }
    if (*count < n) {
        *count = n;
        return CKR_BUFFER_TOO_SMALL;
    }
    std::memcpy(list, g_interfaces, sizeof g_interfaces);
    *count = n;
    return CKR_OK;
}

IAS_EXPORT CK_RV C_GetInterface(CK_UTF8CHAR_PTR name, CK_VERSION_PTR version, CK_INTERFACE_PTR_PTR iface,
                                CK_FLAGS flags) {
    if (iface == nullptr) return CKR_ARGUMENTS_BAD;
    if (name != nullptr && std::strcmp(reinterpret_cast<const char*>(name), "PKCS 11") != 0)
        return CKR_ARGUMENTS_BAD;
    for (CK_INTERFACE& i : g_interfaces) {
        const CK_VERSION v = *static_cast<CK_VERSION*>(i.pFunctionList);
        if (version != nullptr && (version->major != v.major || version->minor != v.minor)) continue;
        if ((i.flags & flags) != flags) continue;
        *iface = &i;
        return CKR_OK;
    }
    return CKR_ARGUMENTS_BAD;
}
