#pragma once
// Where PINs come from: the terminal without echo (default), one line per PIN from a file descriptor
// (--pin-fd N), the desktop's PIN dialog (--pin-dialog, PinDialog.h), or, for tests only,
// --pin-insecure-argv (repeated, in order). A PIN lives only in a SecureBuffer from its first byte on.
#include <optional>
#include <string>
#include <vector>

#include "Args.h"
#include "ias/apdu/SecureBuffer.h"
#include "ias/api/Card.h"

namespace ias::tool {

// Which PIN of which card is asked: the dialog shows its kind, rules and tries left (--pin-dialog only).
struct PinOnCard {
    api::Card* card = nullptr;
    Bytes authId;
};

// A PIN typed on the host (terminal, descriptor, dialog, argv) was asked for: the reader's PIN-pad is not
// used.
bool hostPinSource(const Args& args);

class PinReader {
public:
    explicit PinReader(const Args& args);
    // One PIN; `what` names it in the prompt ("Signature PIN"), `hint` adds to it ("3 tries left").
    // Throws ToolError(PinNotGiven) when there is no source, the source is exhausted or entry is cancelled.
    SecureBuffer read(const std::string& what, const std::string& hint = "", const PinOnCard& pin = {});
    // A new PIN: on a terminal it is asked twice and both must agree (the dialog asks twice too).
    SecureBuffer readNew(const std::string& what, const PinOnCard& pin = {});

    static constexpr std::size_t kMaxPinBytes = 64;

private:
    enum class Source { Terminal, Descriptor, Argv, Dialog };
    Source source_ = Source::Terminal;
    int fd_ = -1;
    std::vector<SecureBuffer>* argvPins_ = nullptr;
    std::size_t nextArgvPin_ = 0;

    SecureBuffer fromTerminal(const std::string& prompt);
    SecureBuffer fromDescriptor(int fd, const std::string& what);
};

// The PIN of `key` for one operation (sign, decipher, challenge sign), named by its AODF label; none
// with --no-pin (the card's current security state) or when the key names no PIN.
std::optional<SecureBuffer> keyPin(const Args& args, PinReader& reader, api::Card& card,
                                   const api::KeyInfo& key);

}  // namespace ias::tool
