#pragma once
// The optional PIN cache of one card connection (pin.cache = yes): the PIN last verified for a PIN
// reference, kept in a SecureBuffer so that the card layer can verify it again after another application
// reset the card. Wiped on logout, when the connection ends (card removal, C_Finalize), and once
// `lifetime` has passed since the verification (checked on every use of the connection).
#include <chrono>
#include <map>
#include <optional>

#include "TokenBackend.h"
#include "ias/apdu/SecureBuffer.h"

namespace ias::p11 {

class PinCache {
public:
    using Clock = std::chrono::steady_clock;
    PinCache(bool enabled, std::chrono::seconds lifetime) : enabled_(enabled), lifetime_(lifetime) {}
    ~PinCache();
    PinCache(const PinCache&) = delete;
    PinCache& operator=(const PinCache&) = delete;

    bool enabled() const { return enabled_; }
    void remember(PinRef pin, const SecureBuffer& value);
    // The cached PIN, or nullptr (none, or expired: then it is wiped now).
    const SecureBuffer* find(PinRef pin);
    // `why` names the trigger in the debug log ("logout", "PIN changed").
    void forget(PinRef pin, const char* why);
    void wipeExpired();
    bool empty() const { return entries_.empty(); }

private:
    struct Entry {
        SecureBuffer value;
        Clock::time_point verifiedAt;
    };
    bool enabled_;
    std::chrono::seconds lifetime_;
    std::map<PinRef, Entry> entries_;
};

}  // namespace ias::p11
