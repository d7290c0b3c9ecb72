#include "HostileCard.h"

#include <algorithm>
#include <array>

#include "ias/apdu/Tlv.h"

namespace ias::hostile {
namespace {

struct FaultInfo {
    Fault fault;
    const char* name;
};
constexpr std::array<FaultInfo, static_cast<std::size_t>(Fault::Count)> kFaults{{
    {Fault::SwFileNotFound, "sw-6A82"},
    {Fault::SwSecurity, "sw-6982"},
    {Fault::SwPinBlocked, "sw-6983"},
    {Fault::SwWrongLength, "sw-6700"},
    {Fault::SwNoPreciseCause, "sw-6F00"},
    {Fault::SwMemoryFailure, "sw-6581"},
    {Fault::SwWarning, "sw-6282"},
    {Fault::SwRetryCounter, "sw-63C1"},
    {Fault::SwSuccessNoData, "9000-without-data"},
    {Fault::CutToOneByte, "cut-to-one-byte"},
    {Fault::DataHalved, "data-halved"},
    {Fault::DataOverlong, "data-300-bytes-too-long"},
    {Fault::DataHuge, "data-66000-bytes-too-long"},
    {Fault::ChainForever, "61xx-with-data-forever"},
    {Fault::AnnounceForever, "61xx-without-data-forever"},
    {Fault::WrongLeForever, "6Cxx-forever"},
    {Fault::Chained, "chained-in-37-byte-chunks"},
    {Fault::ChainThenDies, "chain-then-card-gone"},
    {Fault::ChainThenError, "chain-then-6F00"},
    {Fault::SmMacFlipped, "sm-mac-bit-flipped"},
    {Fault::SmDataFlipped, "sm-data-bit-flipped"},
    {Fault::SmStripped, "sm-stripped-to-9000"},
    {Fault::Mute, "mute"},
    {Fault::Dies, "card-gone"},
    {Fault::PlainDataFlipped, "plain-data-bit-flipped"},
}};

bool isGetResponse(ByteView command) {
    return command.size() >= 4 && command[1] == 0xC0 && (command[0] & 0x80) == 0;
}

std::optional<std::uint16_t> replacementSw(Fault fault) {
    switch (fault) {
        case Fault::SwFileNotFound:
            return 0x6A82;
        case Fault::SwSecurity:
            return 0x6982;
        case Fault::SwPinBlocked:
            return 0x6983;
        case Fault::SwWrongLength:
            return 0x6700;
        case Fault::SwNoPreciseCause:
            return 0x6F00;
        case Fault::SwMemoryFailure:
            return 0x6581;
        case Fault::SwWarning:
            return 0x6282;
        case Fault::SwRetryCounter:
            return 0x63C1;
        case Fault::SwSuccessNoData:
            return 0x9000;
        default:
            return std::nullopt;
    }
}

// The SM data objects of an answer's data field (87/81 cryptogram or plain data, 99 status, 8E MAC), when
// it is one: offsets into the answer of the first value byte of `tag`.
std::optional<std::size_t> smValueOffset(ByteView answer, std::uint32_t tag) {
    if (answer.size() < 2) return std::nullopt;
    const ByteView data = answer.first(answer.size() - 2);
    try {
        const std::vector<Tlv> objects = parseTlvList(data);
        const std::optional<Tlv> mac = findTlv(objects, 0x8E);
        if (!mac || mac->value.size() != 8) return std::nullopt;
        for (const Tlv& t : objects)
            if (t.tag == tag && !t.value.empty())
                return static_cast<std::size_t>(t.value.data() - data.data());
    } catch (const TlvError&) {
    }
    return std::nullopt;
}

std::optional<std::size_t> smDataOffset(ByteView answer) {
    if (auto at = smValueOffset(answer, 0x87)) return at;
    return smValueOffset(answer, 0x81);
}

}  // namespace

std::string faultName(Fault fault) {
    const auto i = static_cast<std::size_t>(fault);
    return i < kFaults.size() ? kFaults[i].name : "fault-" + std::to_string(i);
}

bool applicable(Fault fault, ByteView answer) {
    const std::size_t dataLength = answer.size() >= 2 ? answer.size() - 2 : 0;
    switch (fault) {
        case Fault::SmMacFlipped:
        case Fault::SmStripped:
            return smValueOffset(answer, 0x8E).has_value();
        case Fault::SmDataFlipped:
            return smDataOffset(answer).has_value();
        case Fault::PlainDataFlipped:
            return dataLength > 0 && !smValueOffset(answer, 0x8E);
        case Fault::DataHalved:
        case Fault::Chained:
        case Fault::ChainThenDies:
        case Fault::ChainThenError:
            return dataLength >= 2;
        case Fault::SwSuccessNoData:
            return dataLength > 0 || (answer.size() >= 2 && (answer[answer.size() - 2] != 0x90 ||
                                                             answer[answer.size() - 1] != 0x00));
        default:
            if (const auto sw = replacementSw(fault); sw && answer.size() >= 2)
                return ((answer[answer.size() - 2] << 8) | answer[answer.size() - 1]) != *sw;
            return true;
    }
}

void HostileCard::plan(std::vector<PlannedFault> faults) {
    plan_ = std::move(faults);
    commands_ = 0;
    reached_ = applied_ = hung_ = dead_ = chaining_ = false;
    wrongLeAt_.reset();
    header_.clear();
    broken_.clear();
    pending_.clear();
}

Bytes HostileCard::atr() const {
    if (dead_) throw CardRemovedError("hostile card: card gone");
    return card_.atr();
}

void HostileCard::reset() {
    if (dead_) throw CardRemovedError("hostile card: card gone");
    chaining_ = false;
    card_.reset();
}

Bytes HostileCard::process(ByteView command) {
    const std::size_t index = commands_++;
    if (commands_ > kHangGuard) {
        hung_ = true;
        dead_ = true;
    }
    if (dead_) throw CardRemovedError("hostile card: card gone");
    if (chaining_ && isGetResponse(command)) return answerGetResponse(command);
    chaining_ = false;
    // 6Cxx forever: the module's one re-send with the announced Le gets 6Cxx again.
    if (wrongLeAt_ == index) return {0x6C, 0x10};
    const auto planned =
        std::find_if(plan_.begin(), plan_.end(), [&](const PlannedFault& p) { return p.command == index; });
    if (planned == plan_.end()) return card_.process(command);
    if (!reached_)
        header_.assign(command.begin(), command.begin() + static_cast<std::ptrdiff_t>(
                                                              std::min<std::size_t>(4, command.size())));
    reached_ = true;
    active_ = planned->fault;
    const Bytes header(command.begin(), command.begin() + static_cast<std::ptrdiff_t>(
                                                              std::min<std::size_t>(4, command.size())));
    if (active_ == Fault::Dies) {
        applied_ = true;
        broken_.push_back({header, active_});
        dead_ = true;
        throw CardRemovedError("hostile card: card gone");
    }
    Bytes answer = card_.process(command);
    if (!applicable(active_, view(answer))) return answer;
    applied_ = true;
    broken_.push_back({header, active_});
    if (active_ == Fault::WrongLeForever) wrongLeAt_ = index + 1;
    return breakAnswer(std::move(answer));
}

Bytes HostileCard::breakAnswer(Bytes answer) {
    const Fault fault = active_;
    const std::size_t dataLength = answer.size() - 2;
    const std::uint8_t sw1 = answer[dataLength], sw2 = answer[dataLength + 1];
    Bytes data(answer.begin(), answer.begin() + static_cast<std::ptrdiff_t>(dataLength));
    auto withSw = [](Bytes d, std::uint16_t sw) {
        d.push_back(static_cast<std::uint8_t>(sw >> 8));
        d.push_back(static_cast<std::uint8_t>(sw));
        return d;
    };
    auto startChain = [&](std::size_t chunk, std::uint8_t endSw1, std::uint8_t endSw2) {
        chunk = std::min(chunk, data.size() - 1);
        chaining_ = true;
        pending_.assign(data.begin() + static_cast<std::ptrdiff_t>(chunk), data.end());
        pendingSw1_ = endSw1;
        pendingSw2_ = endSw2;
        Bytes first(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(chunk));
        first.push_back(0x61);
        first.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(pending_.size(), 256)));
        return first;
    };
    if (const auto sw = replacementSw(fault))
        return withSw(fault == Fault::SwSuccessNoData ? Bytes{} : data, *sw);
    switch (fault) {
        case Fault::CutToOneByte:
            return Bytes{answer.front()};
        case Fault::DataHalved:
            data.resize(data.size() / 2);
            return withSw(std::move(data), static_cast<std::uint16_t>(sw1 << 8 | sw2));
        case Fault::DataOverlong:
        case Fault::DataHuge:
            data.resize(data.size() + (fault == Fault::DataOverlong ? 300 : 66000), 0xA5);
            return withSw(std::move(data), static_cast<std::uint16_t>(sw1 << 8 | sw2));
        case Fault::ChainForever:
        case Fault::AnnounceForever:
            chaining_ = true;
            pending_.clear();
            return withSw(fault == Fault::ChainForever ? Bytes(256, 0x5A) : Bytes{},
                          fault == Fault::ChainForever ? 0x6100 : 0x6110);
        case Fault::WrongLeForever:
            return {0x6C, 0x10};
        case Fault::Chained:
            return startChain(37, sw1, sw2);
        case Fault::ChainThenDies:
        case Fault::ChainThenError:
            return startChain(data.size() / 2, sw1, sw2);
        case Fault::SmMacFlipped:
            answer[*smValueOffset(view(answer), 0x8E) + 3] ^= 0x10;
            return answer;
        case Fault::SmDataFlipped:
            answer[*smDataOffset(view(answer))] ^= 0x01;
            return answer;
        case Fault::SmStripped:
            return {0x90, 0x00};
        case Fault::Mute:
            return {};
        case Fault::PlainDataFlipped:
            answer[dataLength / 2] ^= 0x01;
            return answer;
        default:
            return answer;
    }
}

Bytes HostileCard::answerGetResponse(ByteView command) {
    const Fault fault = active_;
    if (fault == Fault::ChainForever) {
        Bytes more(256, 0x5A);
        more.push_back(0x61);
        more.push_back(0x00);
        return more;
    }
    if (fault == Fault::AnnounceForever) return {0x61, 0x10};
    if (fault == Fault::ChainThenDies) {
        dead_ = true;
        throw CardRemovedError("hostile card: card gone in the middle of a chain");
    }
    if (fault == Fault::ChainThenError) {
        chaining_ = false;
        return {0x6F, 0x00};
    }
    // A faithful chain: as many bytes as GET RESPONSE asks for (Le 00 = 256).
    const std::size_t asked = command.size() >= 5 && command[4] != 0 ? command[4] : 256;
    const std::size_t n = std::min({asked, pending_.size(), std::size_t{37}});
    Bytes out(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
    if (pending_.empty()) {
        chaining_ = false;
        out.push_back(pendingSw1_);
        out.push_back(pendingSw2_);
    } else {
        out.push_back(0x61);
        out.push_back(static_cast<std::uint8_t>(std::min<std::size_t>(pending_.size(), 256)));
    }
    return out;
}

}  // namespace ias::hostile
