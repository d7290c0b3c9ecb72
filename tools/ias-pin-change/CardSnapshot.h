#pragma once
// What the card watcher tells the window: where the card is, its PINs with their rules and tries left, and
// the outcome of the last change. Plain values: they cross from the worker thread to GTK's main loop.
#include <optional>
#include <string>
#include <vector>

#include "ias/apdu/Bytes.h"

namespace ias::pinchange {

enum class Presence {
    Starting,    // nothing looked at yet
    NoService,   // pcscd not running
    NoReader,    // no reader connected
    NoCard,      // readers, none with a card
    Unreadable,  // a card, but not an IAS-ECC card this program can read
    Ready,       // the card's PINs are known
};

// The PUK that unblocks a PIN (Card::unblockingPuk), with its rules and tries left (VERIFY without data).
struct PukChoice {
    Bytes authId;
    std::string label;
    bool digitsOnly = true;
    std::size_t minLength = 4;
    std::size_t maxLength = 16;
    bool blocked = false;
    bool verified = false;  // verified in the card's session: the card gives no count then
    std::optional<int> triesLeft;
    std::optional<int> maxTries;
    bool onPinPad = false;  // the reader's keypad takes the PUK (Card::pukEntryOnReader)
};

struct PinChoice {
    Bytes authId;
    std::string label;  // the AODF label ("Authentication PIN", "Signature PIN")
    bool signature = false;
    bool digitsOnly = true;
    std::size_t minLength = 4;
    std::size_t maxLength = 8;
    bool blocked = false;
    bool verified = false;
    std::optional<int> triesLeft;
    std::optional<int> maxTries;
    bool onPinPad = false;         // the reader's keypad takes this PIN (PIN-pad reader, no SM on VERIFY)
    std::optional<PukChoice> puk;  // none: the card offers no unblock for this PIN
};

struct CardSnapshot {
    Presence presence = Presence::Starting;
    std::string reader;
    std::string cardLabel;
    std::vector<PinChoice> pins;  // the PINs a holder may change (no PUK)
};

enum class ChangeResult {
    Changed,
    WrongPin,     // triesLeft says how many remain
    Blocked,      // the PIN is blocked: the PUK unblocks it (ias-tool pin unblock)
    CardRemoved,  // the card (or the reader) went away during the change
    SmFailure,    // secure messaging (the signature PIN's VERIFY) failed
    Refused,      // the PIN does not meet the card's rules (nothing sent) or the PIN-pad stopped
    CardError,    // any other refusal
    // The outcomes of an unblock with the PUK:
    Unblocked,   // a new PIN set, its tries back to the maximum (triesLeft)
    WrongPuk,    // triesLeft: the PUK's tries that remain (at least one)
    PukBlocked,  // the PUK is blocked (or just was): only the card's issuer can help
};

struct ChangeOutcome {
    ChangeResult result = ChangeResult::Changed;
    bool unblocking = false;  // the outcome of an unblock, not of a change
    std::optional<int> triesLeft;
    std::string detail;  // English, technical (never a PIN): for the status report and the details line
};

}  // namespace ias::pinchange
