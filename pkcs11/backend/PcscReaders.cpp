#include "PcscReaders.h"

#include <winscard.h>

#include <thread>

#include "ias/apdu/PcscCall.h"

namespace ias::p11 {
namespace {

constexpr const char* kPnp = "\\\\?PnP?\\Notification";

bool establish(std::int64_t& context) {
    SCARDCONTEXT ctx = 0;
    if (pcsc([&] { return SCardEstablishContext(SCARD_SCOPE_USER, nullptr, nullptr, &ctx); }) !=
        SCARD_S_SUCCESS)
        return false;
    context = static_cast<std::int64_t>(ctx);
    return true;
}

bool serviceGone(LONG rc) {
    return rc == SCARD_E_NO_SERVICE || rc == SCARD_E_SERVICE_STOPPED || rc == SCARD_E_INVALID_HANDLE;
}

}  // namespace

PcscReaders::~PcscReaders() {
    if (statusValid_) pcsc([&] { return SCardReleaseContext(static_cast<SCARDCONTEXT>(statusContext_)); });
    if (waitValid_) pcsc([&] { return SCardReleaseContext(static_cast<SCARDCONTEXT>(waitContext_)); });
}

std::vector<std::string> PcscReaders::listReaders(Context context, bool& gone) {
    gone = false;
    for (int attempt = 0; attempt < 4; ++attempt) {
        DWORD size = 0;
        LONG rc = pcsc(
            [&] { return SCardListReaders(static_cast<SCARDCONTEXT>(context), nullptr, nullptr, &size); });
        if (rc == SCARD_E_NO_READERS_AVAILABLE) return {};
        if (rc != SCARD_S_SUCCESS) {
            gone = serviceGone(rc);
            return {};
        }
        std::string buffer(size, '\0');
        rc = pcsc([&] {
            return SCardListReaders(static_cast<SCARDCONTEXT>(context), nullptr, buffer.data(), &size);
        });
        if (rc == SCARD_E_INSUFFICIENT_BUFFER) continue;  // a reader appeared meanwhile
        if (rc == SCARD_E_NO_READERS_AVAILABLE) return {};
        if (rc != SCARD_S_SUCCESS) {
            gone = serviceGone(rc);
            return {};
        }
        std::vector<std::string> names;
        for (std::size_t at = 0; at < buffer.size() && buffer[at] != '\0';) {
            std::string name(buffer.c_str() + at);
            at += name.size() + 1;
            names.push_back(std::move(name));
        }
        return names;
    }
    return {};
}

std::vector<ReaderStatus> PcscReaders::readers() {
    std::lock_guard<std::mutex> lk(statusMutex_);
    if (!statusValid_) statusValid_ = establish(statusContext_);
    if (!statusValid_) return {};
    bool gone = false;
    std::vector<std::string> names = listReaders(statusContext_, gone);
    if (gone) {  // pcscd restarted: a new context next time
        pcsc([&] { return SCardReleaseContext(static_cast<SCARDCONTEXT>(statusContext_)); });
        statusValid_ = false;
        lastStates_.clear();
        return {};
    }
    std::vector<SCARD_READERSTATE> states(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        states[i].szReader = names[i].c_str();
        states[i].dwCurrentState = SCARD_STATE_UNAWARE;
    }
    std::vector<ReaderStatus> out;
    lastStates_.clear();
    if (names.empty()) return out;
    const LONG rc = pcsc([&] {
        return SCardGetStatusChange(static_cast<SCARDCONTEXT>(statusContext_), 0, states.data(),
                                    static_cast<DWORD>(states.size()));
    });
    if (rc != SCARD_S_SUCCESS && rc != SCARD_E_TIMEOUT) {
        if (serviceGone(rc)) {
            pcsc([&] { return SCardReleaseContext(static_cast<SCARDCONTEXT>(statusContext_)); });
            statusValid_ = false;
        }
        return out;
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
        const DWORD s = states[i].dwEventState;
        if (s & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE)) continue;  // vanished between list and status
        ReaderStatus r;
        r.name = names[i];
        r.cardPresent = (s & SCARD_STATE_PRESENT) != 0 && (s & SCARD_STATE_MUTE) == 0;
        r.insertion = r.cardPresent ? (static_cast<std::uint64_t>(s) >> 16) + 1 : 0;
        lastStates_[r.name] = s & ~static_cast<DWORD>(SCARD_STATE_CHANGED);
        out.push_back(std::move(r));
    }
    return out;
}

bool PcscReaders::waitForChange(std::chrono::milliseconds timeout) {
    std::unique_lock<std::timed_mutex> waitLock(waitMutex_, std::defer_lock);
    if (!waitLock.try_lock_for(timeout)) return false;  // another thread is waiting: it reports the change
    {
        std::lock_guard<std::mutex> lk(cancelMutex_);
        if (cancelled_) return false;
        if (!waitValid_) waitValid_ = establish(waitContext_);
    }
    if (!waitValid_) {  // no pcscd: poll slowly
        std::this_thread::sleep_for(std::min(timeout, std::chrono::milliseconds(200)));
        return false;
    }
    std::map<std::string, unsigned long> known;
    {
        std::lock_guard<std::mutex> lk(statusMutex_);
        known = lastStates_;
    }
    std::vector<std::string> names;
    for (auto& [name, state] : known) names.push_back(name);
    std::vector<SCARD_READERSTATE> states(names.size() + 1);
    states[0].szReader = kPnp;
    states[0].dwCurrentState = static_cast<DWORD>(names.size()) << 16;  // pcsc-lite: reader count
    for (std::size_t i = 0; i < names.size(); ++i) {
        states[i + 1].szReader = names[i].c_str();
        states[i + 1].dwCurrentState = static_cast<DWORD>(known[names[i]]);
    }
    const LONG rc = pcscWait(waitContext_, [&] {
        return SCardGetStatusChange(static_cast<SCARDCONTEXT>(waitContext_),
                                    static_cast<DWORD>(timeout.count()), states.data(),
                                    static_cast<DWORD>(states.size()));
    });
    if (rc == SCARD_S_SUCCESS) return true;
    if (rc == SCARD_E_UNKNOWN_READER) {  // a reader left before the wait began: look again, without spinning
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return true;
    }
    if (serviceGone(rc)) {
        std::lock_guard<std::mutex> lk(cancelMutex_);
        pcsc([&] { return SCardReleaseContext(static_cast<SCARDCONTEXT>(waitContext_)); });
        waitValid_ = false;
        return true;  // the readers are gone with pcscd
    }
    return false;  // timeout or cancelled
}

void PcscReaders::cancelWait() {
    std::lock_guard<std::mutex> lk(cancelMutex_);
    cancelled_ = true;
    if (waitValid_) pcsc([&] { return SCardCancel(static_cast<SCARDCONTEXT>(waitContext_)); });
}

}  // namespace ias::p11
