#include "ias/apdu/PcscCall.h"

#include <pthread.h>
#include <winscard.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace ias {
namespace {

struct Gate {
    std::mutex mutex;
    std::condition_variable changed;
    int inside = 0;
    bool forking = false;
    std::vector<std::int64_t> waits;  // contexts inside a cancellable SCardGetStatusChange
};

// A child gets a new Gate: the old one's condition variable may count waiters that exist only in the parent.
// The parent's Gate is abandoned in the child, never destroyed (nor is the initial one, at exit).
std::atomic<Gate*> g_gate{new Gate};
std::atomic<std::uint64_t> g_timeouts{0};

void prepareFork() {
    Gate& g = *g_gate.load();
    std::unique_lock<std::mutex> lk(g.mutex);
    g.forking = true;
    const auto deadline = std::chrono::steady_clock::now() + kForkGateBound;
    while (g.inside > 0) {
        // A wait that began after our last cancel would run to its timeout: cancel again every 20 ms.
        const std::vector<std::int64_t> waits = g.waits;
        lk.unlock();
        for (std::int64_t context : waits) SCardCancel(static_cast<SCARDCONTEXT>(context));
        lk.lock();
        if (std::chrono::steady_clock::now() >= deadline) {
            g_timeouts.fetch_add(1);
            break;
        }
        g.changed.wait_for(lk, std::chrono::milliseconds(20));
    }
    lk.release();  // held across fork(): no thread of ours is half-way through an update of the gate
}

void parentAfterFork() {
    Gate& g = *g_gate.load();
    g.forking = false;
    g.changed.notify_all();
    g.mutex.unlock();
}

void childAfterFork() {
    // The only thread: nobody inside, nothing to cancel. The old gate's lock is ours; it is released before
    // the gate is abandoned so that no lock stays held for ever in the child (ThreadSanitizer would see
    // every later lock taken "under" it).
    Gate* old = g_gate.load();
    g_gate.store(new Gate);
    old->mutex.unlock();
}

}  // namespace

void installPcscForkGate() {
    static std::once_flag once;
    std::call_once(once, [] { pthread_atfork(prepareFork, parentAfterFork, childAfterFork); });
}

std::uint64_t pcscForkGateTimeouts() {
    return g_timeouts.load();
}

PcscCall::PcscCall() {
    installPcscForkGate();
    Gate& g = *g_gate.load();
    std::unique_lock<std::mutex> lk(g.mutex);
    g.changed.wait(lk, [&] { return !g.forking; });
    ++g.inside;
}

PcscCall::PcscCall(std::int64_t cancellableContext) : PcscCall() {
    context_ = cancellableContext;
    cancellable_ = true;
    Gate& g = *g_gate.load();
    std::lock_guard<std::mutex> lk(g.mutex);
    g.waits.push_back(cancellableContext);
}

PcscCall::~PcscCall() {
    Gate& g = *g_gate.load();
    std::lock_guard<std::mutex> lk(g.mutex);
    if (cancellable_) {
        for (auto it = g.waits.begin(); it != g.waits.end(); ++it) {
            if (*it == context_) {
                g.waits.erase(it);
                break;
            }
        }
    }
    --g.inside;
    g.changed.notify_all();
}

}  // namespace ias
