#pragma once
// A hostile card: stands in front of a card (the in-process virtual card) and answers one chosen command,
// the k-th the card receives, with a broken answer: a wrong status word, data cut or swollen, GET RESPONSE
// chains that never end or stop half way, a secure-messaging answer whose MAC does not match, a card that
// goes mute or away. Every other command reaches the card unchanged. The faults are what ISO 7816-3/-4 and
// a damaged, counterfeit or badly worn card can put on the wire; the harness (HostileFlows.h) checks what
// the module makes of each.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ias/apdu/InProcessTransport.h"

namespace ias::hostile {

enum class Fault : std::uint8_t {
    SwFileNotFound,    // 6A82 instead of the status word (data kept)
    SwSecurity,        // 6982
    SwPinBlocked,      // 6983
    SwWrongLength,     // 6700
    SwNoPreciseCause,  // 6F00
    SwMemoryFailure,   // 6581
    SwWarning,         // 6282, "end of file reached before Le bytes", with the data
    SwRetryCounter,    // 63C1
    SwSuccessNoData,   // 9000 and no data
    CutToOneByte,      // an answer of one byte: no status word
    DataHalved,        // half the data, status word kept
    DataOverlong,      // 300 bytes more than the card sent, status word kept
    DataHuge,          // 66 000 bytes more: past the largest answer an extended Le can ask for
    ChainForever,      // 61 00 with 256 bytes, and again at every GET RESPONSE
    AnnounceForever,   // 61 10 without data, and again at every GET RESPONSE
    WrongLeForever,    // 6C 10, and again when the command is sent with that Le
    Chained,           // a well-behaved card: the answer in 61xx chunks of 37 bytes (must work)
    ChainThenDies,     // the first chunk with 61xx, then the card is gone at GET RESPONSE
    ChainThenError,    // the first chunk with 61xx, then 6F00 at GET RESPONSE
    SmMacFlipped,      // SM answer: one bit of the MAC (DO 8E) flipped
    SmDataFlipped,     // SM answer: one bit of the cryptogram or plain data (DO 87 / 81) flipped
    SmStripped,        // SM answer replaced by a plain 9000
    Mute,              // an empty answer
    Dies,              // the card is gone from this command on (removal mid-flow)
    // Not a fault the module can see (no MAC protects a plain answer): one bit of the data flipped. The
    // harness's own test uses it to show that a wrong signature does not pass its checks.
    PlainDataFlipped,
    Count
};

std::string faultName(Fault fault);

// True when `fault` can change `answer` (raw data || SW): SM faults need an SM answer, data faults data.
bool applicable(Fault fault, ByteView answer);

// One broken answer: to the `command`-th command from the plan (0: the next one).
struct PlannedFault {
    std::size_t command = 0;
    Fault fault = Fault::SwNoPreciseCause;
};

class HostileCard : public CardEndpoint {
public:
    explicit HostileCard(CardEndpoint& card) : card_(card) {}

    // Breaks the answers the plan names, once each (an empty plan: a faithful card). Also counts the
    // commands again from zero and brings a card that died back.
    void plan(std::vector<PlannedFault> faults);

    Bytes atr() const override;
    void reset() override;
    Bytes process(ByteView command) override;

    // Commands received since plan() (GET RESPONSEs the hostile card answered itself included).
    std::size_t commands() const { return commands_; }
    // Whether a planned command came, and whether its fault could change its answer.
    bool reached() const { return reached_; }
    bool applied() const { return applied_; }
    // The header (CLA INS P1 P2) of the first planned command that came.
    const Bytes& plannedHeader() const { return header_; }
    // Each answer broken: the command's header and the fault.
    struct Broken {
        Bytes header;
        Fault fault;
    };
    const std::vector<Broken>& broken() const { return broken_; }
    // More commands than any flow's bound (kHangGuard) came: the module kept asking a card that keeps
    // answering (a loop with no end of its own). The card then goes away so that the flow ends.
    bool hung() const { return hung_; }
    // The card went away (Dies, ChainThenDies) and was not brought back.
    bool gone() const { return dead_ && !hung_; }
    static constexpr std::size_t kHangGuard = 4096;

private:
    Bytes breakAnswer(Bytes answer);
    Bytes answerGetResponse(ByteView command);

    CardEndpoint& card_;
    std::vector<PlannedFault> plan_;
    Fault active_ = Fault::SwNoPreciseCause;  // the fault of the answer being broken (and of its chain)
    std::optional<std::size_t> wrongLeAt_;    // the re-send that gets 6Cxx again (WrongLeForever)
    std::size_t commands_ = 0;
    bool reached_ = false;
    bool applied_ = false;
    bool hung_ = false;
    bool dead_ = false;
    Bytes header_;
    std::vector<Broken> broken_;
    // A chain the hostile card answers itself: what is left to send, and how it goes on.
    bool chaining_ = false;
    Bytes pending_;
    std::uint8_t pendingSw1_ = 0x90, pendingSw2_ = 0x00;
};

}  // namespace ias::hostile
