#include "CardSession.h"

#include <exception>

#include "vcard/VirtualCard.h"

namespace ias::vcard {

namespace {
constexpr std::uint8_t kPowerOff = 0x00, kPowerOn = 0x01, kReset = 0x02, kGetAtr = 0x04;
}

CardSession::CardSession(VirtualCard* card, Bytes atr, LatencyModel latency, ApduLog& log)
    : card_(card), atr_(std::move(atr)), latency_(latency), log_(log) {}

std::optional<Bytes> CardSession::handle(ByteView message) {
    if (message.empty()) return std::nullopt;
    if (message.size() == 1) {
        switch (message[0]) {
            case kPowerOff:
                log_.event("power off");
                if (card_) card_->powerOff();
                return std::nullopt;
            case kPowerOn:
            case kReset:
                log_.event(message[0] == kPowerOn ? "power on" : "reset");
                if (card_) card_->reset();
                return std::nullopt;
            case kGetAtr:
                return atr_;
            default:
                log_.event("unknown control code " + toHex(message));
                return std::nullopt;
        }
    }
    log_.command(message);
    Bytes response;
    try {
        response = card_ ? card_->process(message) : Bytes{0x6D, 0x00};
    } catch (const std::exception&) {
        // The card promises not to throw for bad input; if it does anyway, answer like a card would.
        response = {0x6F, 0x00};
    }
    if (response.size() < 2) response = {0x6F, 0x00};
    latency_.wait(message.size(), response.size());
    log_.response(response);
    return response;
}

}  // namespace ias::vcard
