#include "ias/apdu/PcscCall.h"

#include <pthread.h>
#include <winscard.h>

#include <array>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <new>

namespace ias {
namespace {

struct Gate {
    std::mutex mutex;
    std::condition_variable changed;
    int inside = 0;
    bool forking = false;
    // Contexts inside a cancellable SCardGetStatusChange. Fixed room, no heap: the module has one such wait
    // at a time; a wait that finds no room is simply not cancelled (fork then waits for it, bounded).
    std::array<std::int64_t, 8> waits{};
    std::size_t waitCount = 0;
};

// Two slots of static storage, never destroyed (a thread may still be inside at exit or dlclose) and never on
// the heap (a dlclose'd module would leave a heap gate unreachable). A forked child builds a fresh gate in
// the slot its parent does not use: the old one's condition variable may count waiters that exist only in the
// parent.
alignas(Gate) unsigned char g_slots[2][sizeof(Gate)];
std::atomic<Gate*> g_gate{nullptr};
std::atomic<std::uint64_t> g_timeouts{0};
std::atomic<std::uint64_t> g_forks{0};

Gate& gate() {
    static Gate* const first = new (g_slots[0]) Gate;
    Gate* g = g_gate.load();
    return g ? *g : *first;
}

void prepareFork() {
    Gate& g = gate();
    std::unique_lock<std::mutex> lk(g.mutex);
    g.forking = true;
    const auto deadline = std::chrono::steady_clock::now() + kForkGateBound;
    while (g.inside > 0) {
        // A wait that began after our last cancel would run to its timeout: cancel again every 20 ms.
        const std::array<std::int64_t, 8> waits = g.waits;
        const std::size_t count = g.waitCount;
        lk.unlock();
        for (std::size_t i = 0; i < count; ++i) SCardCancel(static_cast<SCARDCONTEXT>(waits[i]));
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
    Gate& g = gate();
    g_forks.fetch_add(1);
    g.forking = false;
    g.changed.notify_all();
    g.mutex.unlock();
}

void childAfterFork() {
    // The only thread: nobody inside, nothing to cancel. The old gate's lock is ours; it is released before
    // the gate is abandoned so that no lock stays held for ever in the child (ThreadSanitizer would see
    // every later lock taken "under" it).
    Gate& old = gate();
    unsigned char* freeSlot = reinterpret_cast<unsigned char*>(&old) == g_slots[0] ? g_slots[1] : g_slots[0];
    g_gate.store(new (freeSlot) Gate);
    old.mutex.unlock();
}

}  // namespace

void installPcscForkGate() {
    static std::once_flag once;
    std::call_once(once, [] { pthread_atfork(prepareFork, parentAfterFork, childAfterFork); });
}

std::uint64_t pcscForkGateTimeouts() {
    return g_timeouts.load();
}

bool pcscForkGateClosed() {
    Gate& g = gate();
    std::lock_guard<std::mutex> lk(g.mutex);
    return g.forking;
}

std::uint64_t pcscForksThroughGate() {
    return g_forks.load();
}

PcscCall::PcscCall() {
    installPcscForkGate();
    Gate& g = gate();
    std::unique_lock<std::mutex> lk(g.mutex);
    g.changed.wait(lk, [&] { return !g.forking; });
    ++g.inside;
}

PcscCall::PcscCall(std::int64_t cancellableContext) : PcscCall() {
    Gate& g = gate();
    std::lock_guard<std::mutex> lk(g.mutex);
    if (g.waitCount == g.waits.size()) return;
    g.waits[g.waitCount++] = cancellableContext;
    context_ = cancellableContext;
    cancellable_ = true;
}

PcscCall::~PcscCall() {
    Gate& g = gate();
    std::lock_guard<std::mutex> lk(g.mutex);
    if (cancellable_) {
        for (std::size_t i = 0; i < g.waitCount; ++i) {
            if (g.waits[i] == context_) {
                g.waits[i] = g.waits[--g.waitCount];
                break;
            }
        }
    }
    --g.inside;
    g.changed.notify_all();
}

}  // namespace ias
