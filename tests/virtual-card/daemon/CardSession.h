#pragma once
// What ias-vcard does with each vpcd message: control codes drive power and the ATR, APDUs go to the card.
#include <functional>
#include <optional>

#include "ApduLog.h"
#include "LatencyModel.h"
#include "ias/apdu/InProcessTransport.h"

namespace ias::vcard {

class VirtualCard;

class CardSession {
public:
    // `card` may be null (--atr-only): then every APDU is answered 6D00 and only the ATR is real.
    CardSession(VirtualCard* card, Bytes atr, LatencyModel latency, ApduLog& log);

    // The reply to one vpcd message, or nullopt when vpcd expects none (power off/on, reset).
    std::optional<Bytes> handle(ByteView message);

private:
    VirtualCard* card_;
    Bytes atr_;
    LatencyModel latency_;
    ApduLog& log_;
};

}  // namespace ias::vcard
