#pragma once
// The card operating system: the dispatcher that takes raw APDUs, handles CLA (chaining, secure
// messaging), GET RESPONSE and the status words of malformed commands, runs the command handlers and
// saves the state after every change.
#include <filesystem>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/CommandApdu.h"
#include "ias/apdu/ResponseApdu.h"
#include "vcard/CardModel.h"
#include "vcard/SecurityState.h"

namespace ias::vcard {

class CardOs {
public:
    // An empty `stateFile`: the state lives in memory only.
    CardOs(CardState state, std::filesystem::path stateFile);
    const CardState& state() const { return card_; }
    void reset();
    Bytes process(ByteView raw);
    // Commands that changed the persistent state (PIN counters and values, keys, files) so far.
    std::uint64_t changes() const { return changes_; }

private:
    ResponseApdu dispatch(const CommandApdu& plain, bool underSm, bool& dirty);
    ResponseApdu runHandler(const CommandApdu& plain, bool underSm, bool& dirty);
    Bytes finish(ResponseApdu response, std::size_t le);
    CardState card_;
    std::filesystem::path stateFile_;
    SecurityState security_;
    std::uint64_t changes_ = 0;
};

}  // namespace ias::vcard
