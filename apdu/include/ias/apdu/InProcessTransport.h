#pragma once
// A Transport that hands each APDU to an object in the same process (the virtual card in unit tests).
#include "ias/apdu/Transport.h"

namespace ias {

// What a card looks like to an in-process transport.
class CardEndpoint {
public:
    virtual ~CardEndpoint() = default;
    virtual Bytes atr() const = 0;
    virtual void reset() = 0;                     // warm reset: security state and SM sessions are lost
    virtual Bytes process(ByteView command) = 0;  // raw command APDU → raw response (data || SW)
};

class InProcessTransport : public Transport {
public:
    explicit InProcessTransport(CardEndpoint& card, Protocol protocol = Protocol::T1);
    ResponseApdu transmitRaw(const SecureBuffer& encodedCommand) override;
    Bytes atr() const override;
    Protocol protocol() const override { return protocol_; }
    void beginTransaction() override {}
    void endTransaction() noexcept override {}
    void reconnect(bool resetCard) override;

    // For tests of error paths: the next transmitRaw throws this removal/reset instead of reaching the card.
    void simulateRemoval() { removed_ = true; }
    void simulateInsertion() { removed_ = false; }

private:
    CardEndpoint& card_;
    Protocol protocol_;
    bool removed_ = false;
};

}  // namespace ias
