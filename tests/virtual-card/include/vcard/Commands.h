#pragma once
// The command handlers, one family per source file. Each takes the plain (unwrapped, unchained) command
// and returns the response, or throws StatusError with the status word to answer.
#include <functional>

#include "ias/apdu/CommandApdu.h"
#include "ias/apdu/ResponseApdu.h"
#include "vcard/CardModel.h"
#include "vcard/SecurityState.h"

namespace ias::vcard {

struct CommandContext {
    CardState& card;
    SecurityState& security;
    bool underSm = false;
    bool dirty = false;  // set when persistent state changed: the dispatcher saves it
    FileNode& mf() { return *card.mf; }
    FileNode& currentDf() { return *security.currentDf; }
    void require(FileNode& objectDf, std::uint8_t scbByte) const;
};

ResponseApdu selectFile(CommandContext& ctx, const CommandApdu& cmd);                 // A4
ResponseApdu readBinary(CommandContext& ctx, const CommandApdu& cmd);                 // B0
ResponseApdu updateBinary(CommandContext& ctx, const CommandApdu& cmd);               // D6
ResponseApdu createFile(CommandContext& ctx, const CommandApdu& cmd);                 // E0
ResponseApdu deleteFile(CommandContext& ctx, const CommandApdu& cmd);                 // E4
ResponseApdu getData(CommandContext& ctx, const CommandApdu& cmd);                    // CB
ResponseApdu putData(CommandContext& ctx, const CommandApdu& cmd);                    // DB
ResponseApdu generateKeyPair(CommandContext& ctx, const CommandApdu& cmd);            // 47
ResponseApdu verifyPin(CommandContext& ctx, const CommandApdu& cmd);                  // 20
ResponseApdu changeReferenceData(CommandContext& ctx, const CommandApdu& cmd);        // 24
ResponseApdu resetRetryCounter(CommandContext& ctx, const CommandApdu& cmd);          // 2C
ResponseApdu getChallenge(CommandContext& ctx, const CommandApdu& cmd);               // 84
ResponseApdu manageSecurityEnvironment(CommandContext& ctx, const CommandApdu& cmd);  // 22
ResponseApdu internalAuthenticate(CommandContext& ctx, const CommandApdu& cmd);       // 88
ResponseApdu performSecurityOperation(CommandContext& ctx, const CommandApdu& cmd);   // 2A
ResponseApdu mutualAuthenticate(CommandContext& ctx, const CommandApdu& cmd);         // 82

}  // namespace ias::vcard
