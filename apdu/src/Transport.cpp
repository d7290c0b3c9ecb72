#include "ias/apdu/Transport.h"

#include <sodium.h>

#include "ias/apdu/ApduTrace.h"

namespace ias {

namespace {
// GET RESPONSE goes on the logical channel of the command, without SM or chaining bits.
std::uint8_t getResponseCla(std::uint8_t cla) {
    if ((cla & 0xC0) == 0x40)
        return static_cast<std::uint8_t>(cla & 0x4F);  // further interindustry: channels 4..19
    return static_cast<std::uint8_t>(cla & 0x03);      // first interindustry: channels 0..3
}

std::size_t announcedLength(std::uint8_t sw2) {
    return sw2 == 0 ? 256 : sw2;
}

bool isT0Case4(const CommandApdu& cmd) {
    return !cmd.data().empty() && cmd.le().has_value() && !cmd.extended();
}
}  // namespace

ResponseApdu Transport::transmit(const CommandApdu& cmd) {
    const bool secretAnswer = responseCarriesSecret(cmd);
    // One exchange, traced, with a single re-send when the card names the right Le (6Cxx).
    auto exchange = [&](const CommandApdu& c) {
        if (trace_) trace_(traceCommand(c));
        ResponseApdu r = transmitRaw(c.encode());
        if (trace_) trace_(traceResponse(r, secretAnswer));
        if (r.sw().sw1 == 0x6C) {
            CommandApdu again = c;
            again.setLe(announcedLength(r.sw().sw2));
            if (trace_) trace_(traceCommand(again));
            r = transmitRaw(again.encode());
            if (trace_) trace_(traceResponse(r, secretAnswer));
        }
        return r;
    };

    ResponseApdu resp;
    if (protocol() == Protocol::T0 && isT0Case4(cmd)) {
        // ISO 7816-3 case 4S over T=0: the TPDU carries no Le; the card announces its data with 61xx.
        CommandApdu withoutLe = cmd;
        withoutLe.setLe(std::nullopt);
        resp = exchange(withoutLe);
    } else {
        resp = exchange(cmd);
    }

    StatusWord status = resp.sw();
    Bytes data;
    if (secretAnswer && status.sw1 == 0x61) {
        // Room for the whole plaintext up front, so that growing never leaves copies behind in freed memory.
        data.reserve(kMaxResponseBytes);
        append(data, view(resp.data()));
        sodium_memzero(resp.data().data(), resp.data().size());
    } else {
        data = std::move(resp.data());
    }
    int rounds = 0;
    while (status.sw1 == 0x61) {
        if (++rounds > kMaxGetResponseRounds)
            throw TransportError("GET RESPONSE: card still announces data after " +
                                 std::to_string(kMaxGetResponseRounds) + " rounds");
        const CommandApdu getResponse(getResponseCla(cmd.cla()), 0xC0, 0x00, 0x00, ByteView{},
                                      announcedLength(status.sw2));
        ResponseApdu part = exchange(getResponse);
        if (part.data().size() > kMaxResponseBytes - data.size())
            throw TransportError("GET RESPONSE: response longer than " + std::to_string(kMaxResponseBytes) +
                                 " bytes");
        append(data, view(part.data()));
        if (secretAnswer) sodium_memzero(part.data().data(), part.data().size());
        status = part.sw();
    }
    if (data.size() > kMaxResponseBytes)
        throw TransportError("response longer than " + std::to_string(kMaxResponseBytes) + " bytes");
    return ResponseApdu(std::move(data), status);
}

}  // namespace ias
