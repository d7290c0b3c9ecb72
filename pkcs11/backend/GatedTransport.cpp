#include "GatedTransport.h"

namespace ias::p11 {

ResponseApdu GatedTransport::transmitRaw(const SecureBuffer& encodedCommand) {
    if (stopped_.load()) throw ReadingStopped();
    if (limited()) {
        if (budget_.load() == 0) throw TransportError("no more card commands allowed here (kept view)");
        --budget_;
    }
    ++sent_;
    return inner_.transmitRaw(encodedCommand);
}

void GatedTransport::beginTransaction() {
    if (stopped_.load()) throw ReadingStopped();
    if (limited()) {
        ++skippedTransactions_;
        return;
    }
    inner_.beginTransaction();
}

void GatedTransport::endTransaction() noexcept {
    if (skippedTransactions_ > 0) {
        --skippedTransactions_;
        return;
    }
    inner_.endTransaction();
}

void GatedTransport::reconnect(bool resetCard) {
    if (stopped_.load()) throw ReadingStopped();
    inner_.reconnect(resetCard);
}

}  // namespace ias::p11
