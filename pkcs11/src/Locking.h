#pragma once
// Mutexes as C_Initialize asks for them: the operating system's, or the application's callbacks
// (CK_C_INITIALIZE_ARGS CreateMutex/DestroyMutex/LockMutex/UnlockMutex) when it gives them without
// CKF_OS_LOCKING_OK.
#include <memory>

#include "Cryptoki.h"

namespace ias::p11 {

class Mutex {
public:
    virtual ~Mutex() = default;
    virtual void lock() = 0;  // throws CkError when the application's callback fails
    virtual void unlock() = 0;
};

class MutexFactory {
public:
    // Checks the arguments (CKR_ARGUMENTS_BAD for reserved != NULL or a partial set of callbacks).
    static MutexFactory fromInitArgs(const CK_C_INITIALIZE_ARGS* args);
    std::unique_ptr<Mutex> make() const;
    bool usesApplicationCallbacks() const { return callbacks_; }

private:
    bool callbacks_ = false;
    CK_CREATEMUTEX create_ = nullptr;
    CK_DESTROYMUTEX destroy_ = nullptr;
    CK_LOCKMUTEX lock_ = nullptr;
    CK_UNLOCKMUTEX unlock_ = nullptr;
};

}  // namespace ias::p11
