#include "ias/apdu/InProcessTransport.h"

namespace ias {

InProcessTransport::InProcessTransport(CardEndpoint& card, Protocol protocol)
    : card_(card), protocol_(protocol) {}

ResponseApdu InProcessTransport::transmitRaw(const SecureBuffer& encodedCommand) {
    if (removed_) throw CardRemovedError("in-process card: card removed");
    const Bytes raw = card_.process(encodedCommand.view());
    // A card answer without a status word is a broken link, not a malformed command of ours.
    if (raw.size() < 2) throw TransportError("in-process card: answer shorter than a status word");
    return ResponseApdu::parse(view(raw));
}

Bytes InProcessTransport::atr() const {
    if (removed_) throw CardRemovedError("in-process card: card removed");
    return card_.atr();
}

void InProcessTransport::reconnect(bool resetCard) {
    if (removed_) throw CardRemovedError("in-process card: card removed");
    if (resetCard) card_.reset();
}

}  // namespace ias
