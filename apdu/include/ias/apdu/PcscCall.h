// Every call into libpcsclite made by this project goes through a PcscCall, so that fork() never copies
// libpcsclite's process-wide client mutex while one of our threads holds it. libpcsclite takes that mutex
// inside its calls (for the whole of SCardEstablishContext, briefly in the others); a child forked at such a
// moment inherits it locked and hangs in its first SCardEstablishContext. The fork gate (a pthread_atfork
// handler) closes the door to new calls, ends our cancellable waits with SCardCancel, and lets fork() go on
// once no thread of ours is inside libpcsclite — or after kForkGateBound, so that a call stuck on a slow
// card or behind another process's transaction delays a fork but never blocks it.
#pragma once

#include <chrono>
#include <cstdint>

namespace ias {

// How long fork() waits at most for our threads to leave libpcsclite.
inline constexpr std::chrono::milliseconds kForkGateBound{2000};

class PcscCall {
public:
    // Waits while a fork is being prepared, then counts this thread as inside libpcsclite.
    PcscCall();
    // The same for SCardGetStatusChange on `context`, which the fork gate may end early with SCardCancel:
    // the caller must treat SCARD_E_CANCELLED as "look again".
    explicit PcscCall(std::int64_t cancellableContext);
    ~PcscCall();
    PcscCall(const PcscCall&) = delete;
    PcscCall& operator=(const PcscCall&) = delete;

private:
    std::int64_t context_ = 0;
    bool cancellable_ = false;
};

// Registers the fork gate (once per process; PcscCall does it too). A library that registers its own
// atfork handlers whose prepare step may wait for a thread that is about to make a PC/SC call must call
// this first: prepare handlers run in the reverse order of registration, so the gate closes last.
void installPcscForkGate();

// For tests: how often the gate let a fork go on with a thread still inside (the bound was reached).
std::uint64_t pcscForkGateTimeouts();
// For tests: whether a fork is being prepared right now (the door is closed to new calls).
bool pcscForkGateClosed();
// For tests: how many forks this process has made through the gate, counted in the parent when the door
// opens again (under the gate's lock, so a call let in by that opening always sees the new count).
std::uint64_t pcscForksThroughGate();

}  // namespace ias

namespace ias {

// Runs one libpcsclite call through the fork gate: `pcsc([&] { return SCardTransmit(...); })`.
template <typename F>
auto pcsc(F&& call) {
    PcscCall inside;
    return call();
}

// The same for a SCardGetStatusChange on `context` that the fork gate may cancel (SCARD_E_CANCELLED).
template <typename F>
auto pcscWait(std::int64_t context, F&& call) {
    PcscCall inside(context);
    return call();
}

}  // namespace ias
