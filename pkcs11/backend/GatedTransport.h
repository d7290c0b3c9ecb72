#pragma once
// A Transport in front of another one (not owned) that can limit the commands it lets through and counts
// them. The module needs both for reading ahead (docs/performance.md, "Browser start"): a kept view of the
// card must be built with no more commands than reading its TokenInfo takes, and C_Finalize must end a read
// in progress on another thread at its next command (stop()), not after the whole read.
#include <atomic>
#include <cstdint>

#include "ias/apdu/Transport.h"

namespace ias::p11 {

// What the gate throws once stopped (C_Finalize): not a card fault, nothing to log.
class ReadingStopped : public TransportError {
public:
    ReadingStopped() : TransportError("card reading stopped: the module is finalising") {}
};

class GatedTransport : public Transport {
public:
    explicit GatedTransport(Transport& inner) : inner_(inner) {}

    // At most `commands` more commands reach the card; the next ones fail with a TransportError, and
    // transactions are not asked of PC/SC meanwhile (they would wait for an application holding the card).
    void limit(std::uint64_t commands) noexcept { budget_.store(static_cast<std::int64_t>(commands)); }
    void unlimit() noexcept { budget_.store(-1); }
    // For good: what runs on another thread fails at its next command with ReadingStopped. Thread-safe.
    void stop() noexcept { stopped_.store(true); }
    // Commands that reached the inner transport (GET RESPONSE rounds included).
    std::uint64_t commandsSent() const noexcept { return sent_.load(); }

    ResponseApdu transmitRaw(const SecureBuffer& encodedCommand) override;
    Bytes atr() const override { return inner_.atr(); }
    Protocol protocol() const override { return inner_.protocol(); }
    void beginTransaction() override;
    void endTransaction() noexcept override;
    void reconnect(bool resetCard) override;
    bool supportsExtendedLength() const override { return inner_.supportsExtendedLength(); }
    PinPad* pinPad() override { return inner_.pinPad(); }

private:
    bool limited() const noexcept { return budget_.load() >= 0; }
    Transport& inner_;
    std::atomic<std::int64_t> budget_{-1};  // -1: no limit
    std::atomic<bool> stopped_{false};
    std::atomic<std::uint64_t> sent_{0};
    int skippedTransactions_ = 0;  // begun while limited: their ends are not passed on either
};

}  // namespace ias::p11
