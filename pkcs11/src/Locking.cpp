#include "Locking.h"

#include <mutex>

#include "CkError.h"

namespace ias::p11 {
namespace {

class OsMutex : public Mutex {
public:
    void lock() override { m_.lock(); }
    void unlock() override { m_.unlock(); }

private:
    std::mutex m_;
};

class CallbackMutex : public Mutex {
public:
    CallbackMutex(CK_CREATEMUTEX create, CK_DESTROYMUTEX destroy, CK_LOCKMUTEX lock, CK_UNLOCKMUTEX unlock)
        : destroy_(destroy), lock_(lock), unlock_(unlock) {
        CK_RV rv = create(&handle_);
        if (rv != CKR_OK) fail(rv);
    }
    ~CallbackMutex() override { destroy_(handle_); }
    void lock() override {
        CK_RV rv = lock_(handle_);
        if (rv != CKR_OK) fail(rv);
    }
    void unlock() override { unlock_(handle_); }

private:
    void* handle_ = nullptr;
    CK_DESTROYMUTEX destroy_;
    CK_LOCKMUTEX lock_;
    CK_UNLOCKMUTEX unlock_;
};

}  // namespace

MutexFactory MutexFactory::fromInitArgs(const CK_C_INITIALIZE_ARGS* args) {
    MutexFactory f;
    if (args == nullptr) return f;
    require(args->pReserved == nullptr, CKR_ARGUMENTS_BAD);
    const int given = (args->CreateMutex != nullptr) + (args->DestroyMutex != nullptr) +
                      (args->LockMutex != nullptr) + (args->UnlockMutex != nullptr);
    require(given == 0 || given == 4, CKR_ARGUMENTS_BAD);
    // With CKF_OS_LOCKING_OK the library may choose; the operating system's locks are then used.
    if (given == 4 && (args->flags & CKF_OS_LOCKING_OK) == 0) {
        f.callbacks_ = true;
        f.create_ = args->CreateMutex;
        f.destroy_ = args->DestroyMutex;
        f.lock_ = args->LockMutex;
        f.unlock_ = args->UnlockMutex;
    }
    return f;
}

std::unique_ptr<Mutex> MutexFactory::make() const {
    if (callbacks_) return std::make_unique<CallbackMutex>(create_, destroy_, lock_, unlock_);
    return std::make_unique<OsMutex>();
}

}  // namespace ias::p11
