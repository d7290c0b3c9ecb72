// The production backend of libias-pkcs11.so: readers from PC/SC status (PcscReaders), cards through
// ias::api::Card over ias::PcscTransport (IasCardConnection), one public-content cache for the process.
#include <unistd.h>

#include <map>
#include <memory>
#include <mutex>

#include "BackendErrors.h"
#include "IasCardConnection.h"
#include "ModuleLog.h"
#include "PcscReaders.h"
#include "PinSettings.h"
#include "RemoteCardConfirmation.h"
#include "TokenBackend.h"

namespace ias::p11 {
namespace {

// The browsers' module (libias-pkcs11-auth.so) is this file built with IAS_P11_AUTHENTICATION_ONLY: the same
// code, showing the authentication token only (TokenBackend::offers).
#ifdef IAS_P11_AUTHENTICATION_ONLY
constexpr bool kAuthenticationOnly = true;
#else
constexpr bool kAuthenticationOnly = false;
#endif

// Public card content outlives C_Finalize: a client that initialises the module again reads the same card
// without APDUs for it. A card that left the reader and came back (another insertion) may have been changed
// elsewhere: its content is read again. It lives until the library is unloaded (dlclose, or exit): hosts that
// load and unload the module again and again (Firefox's device manager, p11-kit, ias-diag's probe) must not
// keep one per load.
//
// After fork() the child gets a fresh one: another thread of the parent may have held one of the copied
// locks (the ContentCache's, this map's) at the fork, and the child would wait for it forever. The child
// must call C_Initialize again anyway; its cards are read again (the persistent copy on disk, checked
// against the card, still spares most of it). The parent's instance is abandoned in the child, never
// destroyed there: its state may be half-changed.
class ProcessCardCache {
public:
    std::shared_ptr<api::ContentCache> cache() const { return cache_; }
    // True when the card in `reader` is not the insertion this process read last.
    bool changed(const std::string& reader, std::uint64_t insertion) {
        std::lock_guard<std::mutex> lk(mutex_);
        auto [it, fresh] = seen_.try_emplace(reader, insertion);
        if (fresh || it->second == insertion) return false;
        it->second = insertion;
        return true;
    }
    pid_t owner() const { return pid_; }

private:
    const pid_t pid_ = getpid();
    std::shared_ptr<api::ContentCache> cache_ = std::make_shared<api::ContentCache>();
    std::mutex mutex_;
    std::map<std::string, std::uint64_t> seen_;
};

// The process's ProcessCardCache, held from the first C_Initialize until the library is unloaded. Each
// backend (one per C_Initialize) holds its own reference, so the unload frees nothing a backend still uses.
// Only makeTokenBackend() reaches it, and only from C_Initialize, under the module's instance lock, which
// fork() takes first (Entry.cpp's atfork handler): no fork can happen while this lock is held.
class ProcessCardCacheHolder {
public:
    std::shared_ptr<ProcessCardCache> current() {
        std::lock_guard<std::mutex> lk(mutex_);
        if (current_ && current_->owner() != getpid()) abandon();
        if (!current_) current_ = std::make_shared<ProcessCardCache>();
        return current_;
    }
    ~ProcessCardCacheHolder() {
        // A forked child that never initialised the module again: the parent's state is not ours to free.
        if (current_ && current_->owner() != getpid()) abandon();
    }

private:
    // Kept reachable from a global (not freed, not reported as a leak by LeakSanitizer in the child).
    void abandon() { abandoned_ = new std::shared_ptr<ProcessCardCache>(std::move(current_)); }

    static inline std::shared_ptr<ProcessCardCache>* abandoned_ = nullptr;

    std::mutex mutex_;
    std::shared_ptr<ProcessCardCache> current_;
};

ProcessCardCacheHolder g_processCache;

class IasBackend : public TokenBackend {
public:
    std::vector<ReaderStatus> readers() override { return readers_.readers(); }
    bool waitForChange(std::chrono::milliseconds timeout) override { return readers_.waitForChange(timeout); }
    void cancelWait() override { readers_.cancelWait(); }

    std::unique_ptr<CardConnection> connect(const std::string& reader) override {
        std::uint64_t insertion = 0;
        for (const ReaderStatus& r : readers_.readers())
            if (r.name == reader) insertion = r.insertion;
        if (insertion == 0) throw BackendError(BackendErrc::NoCard, "no card in " + reader);
        const bool forget = process_->changed(reader, insertion);
        return translatingErrors([&]() -> std::unique_ptr<CardConnection> {
            return std::make_unique<IasCardConnection>(reader, process_->cache(), persistentDir_, forget,
                                                       pinSettings_);
        });
    }

    std::unique_ptr<RemoteConfirmation> confirmElsewhere(const std::string& reader,
                                                         std::uint64_t insertion) override {
        if (persistentDir_.empty()) return nullptr;
        try {
            return std::make_unique<RemoteCardConfirmation>(cardConfirmProgram(), reader, insertion);
        } catch (const std::exception& e) {
            logLine(std::string("no confirmation of kept content in another process (") + e.what() +
                    "): the first call that needs the card's objects confirms it");
            return nullptr;
        }
    }

    bool offers(TokenRole role) const override {
        return !kAuthenticationOnly || role == TokenRole::Authentication;
    }

private:
    const std::shared_ptr<ProcessCardCache> process_ = g_processCache.current();
    PcscReaders readers_;
    // Public content kept between processes (checked against the card before use): the configuration's
    // cache.dir, else $XDG_CACHE_HOME/ias-ecc; none with cache.persistent = no.
    const std::string persistentDir_ = api::persistentCacheDirectory();
    // PIN dialog and PIN cache (pin.* keys), read once per C_Initialize.
    const PinSettings pinSettings_ = loadedPinSettings();

    static PinSettings loadedPinSettings() {
        PinSettings s = PinSettings::load();
        for (const std::string& problem : s.problems) logLine(problem);
        return s;
    }
};

}  // namespace

std::unique_ptr<TokenBackend> makeTokenBackend() {
    return std::make_unique<IasBackend>();
}

}  // namespace ias::p11
