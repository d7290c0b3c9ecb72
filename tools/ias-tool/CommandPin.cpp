// pin status|verify|change|unblock --pin-id ID. PINs come from the PinReader (terminal without echo,
// --pin-fd, or --pin-insecure-argv for tests); a refused PIN exits 4 with the tries left, a blocked one 5.
// verify, change and unblock (for the PUK) use the reader's PIN-pad when it can take that PIN and no PIN
// source was named on the command line (--pin-fd, --pin-insecure-argv) nor --no-pinpad given: the PIN then
// never enters the host.
#include <iostream>
#include <optional>

#include "Commands.h"
#include "ExitCode.h"
#include "PinReader.h"
#include "Session.h"

namespace ias::tool {
namespace {

std::string triesText(const api::PinStatus& s) {
    if (s.blocked) return "blocked";
    if (s.verified) return "verified";
    if (!s.triesLeft) return "tries left unknown";
    return std::to_string(*s.triesLeft) + (*s.triesLeft == 1 ? " try left" : " tries left");
}

}  // namespace

int runPin(const Args& args) {
    args.allowOnly({"pin-id", "keep-pin", "no-pinpad"});
    if (args.words().size() != 2) throw UsageError("pin wants one of: status, verify, change, unblock");
    const std::string action = args.words()[1];
    const Bytes pinId = args.requiredHexId("pin-id");
    if (args.flag("keep-pin") && action != "unblock") throw UsageError("--keep-pin is for pin unblock");
    if (action != "status" && action != "verify" && action != "change" && action != "unblock")
        throw UsageError("unknown pin action \"" + action + "\"");

    PinReader pins(args);
    Session session(args);
    api::Card& card = session.card();
    const api::PinInfo* pin = card.application().findPin(pinId);
    if (!pin) throw ToolError(Exit::NotFound, "no PIN with authId " + toHex(pinId) + " on the card");
    const std::string name = pin->label.empty() ? "PIN " + toHex(pinId) : pin->label;

    if (action == "status") {
        std::cout << toHex(pinId) << " " << triesText(card.pinStatus(pinId)) << "\n";
        return 0;
    }
    const bool hostSource = hostPinSource(args);
    const PinOnCard thisPin{&card, pinId};
    const bool onPad =
        (action == "verify" || action == "change") && !hostSource && card.pinEntryOnReader(pinId);
    if (onPad && action == "verify") {
        std::cerr << "ias-tool: enter the " << name << " on the reader's PIN-pad\n";
        card.verifyPinOnReader(pinId);
        std::cerr << "ias-tool: " << name << " verified (PIN-pad)\n";
        return 0;
    }
    if (onPad) {
        std::cerr << "ias-tool: on the reader's PIN-pad: the current " << name
                  << ", then the new one twice\n";
        card.changePinOnReader(pinId);
        std::cerr << "ias-tool: " << name << " changed (PIN-pad)\n";
        return 0;
    }
    if (action == "verify") {
        card.verifyPin(pinId, pins.read(name, "", thisPin));
        std::cerr << "ias-tool: " << name << " verified\n";
        return 0;
    }
    if (action == "change") {
        const SecureBuffer oldPin = pins.read("Current " + name, "", thisPin);
        const SecureBuffer newPin = pins.readNew("New " + name, thisPin);
        card.changePin(pinId, oldPin, newPin);
        std::cerr << "ias-tool: " << name << " changed\n";
        return 0;
    }
    // unblock: the PUK the card wants for this PIN, then the new PIN (or only the counter). Which PUK and
    // whether it goes on the reader's PIN-pad is libias-api's choice (the PIN window makes the same); the new
    // PIN is then asked here first, so that the pad is the last thing the user is asked.
    const api::PinInfo* puk = card.unblockingPuk(pinId);
    const std::string pukName = puk && !puk->label.empty() ? puk->label : "PUK";
    if (!hostSource && card.pukEntryOnReader(pinId)) {
        std::optional<SecureBuffer> newPin;
        if (!args.flag("keep-pin")) newPin = pins.readNew("New " + name, thisPin);
        std::cerr << "ias-tool: enter the " << pukName << " on the reader's PIN-pad\n";
        card.unblockPinOnReader(pinId, newPin ? &*newPin : nullptr);
        std::cerr << "ias-tool: " << name << " unblocked (" << pukName << " on the PIN-pad)\n";
        return 0;
    }
    const SecureBuffer pukValue = pins.read(pukName, "", puk ? PinOnCard{&card, puk->authId} : PinOnCard{});
    if (args.flag("keep-pin")) {
        card.unblockPin(pinId, pukValue, nullptr);
    } else {
        const SecureBuffer newPin = pins.readNew("New " + name, thisPin);
        card.unblockPin(pinId, pukValue, &newPin);
    }
    std::cerr << "ias-tool: " << name << " unblocked\n";
    return 0;
}

}  // namespace ias::tool
