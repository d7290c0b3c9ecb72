#pragma once
// The command-line tools' PIN dialog (--pin-dialog): the desktop's ias-pinentry asked through pin-ui's client
// (posix_spawn + socket pair, no GTK in the tool), for a program started without a terminal (from a file
// manager, a desktop entry) or by a user who prefers the window. The question carries what the module's
// own dialog shows: the PIN's kind (signature PIN, PUK, a new PIN asked twice), the token's label, the tries
// left and the card's length and character rules, so that the dialog refuses a PIN the card would.
#include <optional>

#include "ias/apdu/SecureBuffer.h"
#include "ias/api/Card.h"
#include "ias/pinui/PinRequest.h"

namespace ias::tool {

// The PIN `authId` of `card`, as the dialog is to ask it. One status query (tries left, lengths); a
// blocked PIN throws ToolError(PinBlocked) before anything is shown.
pinui::PinRequest pinDialogQuestion(api::Card& card, ByteView authId, bool newValue);
// A question with no card behind it (the rules the protocol allows).
pinui::PinRequest pinDialogQuestion(bool newValue);

// Shows the dialog; the PIN, or ToolError(PinNotGiven) when the user cancels, does not answer in time, or
// there is no dialog (no display, no ias-pinentry), saying which.
SecureBuffer askPinInDialog(const pinui::PinRequest& question);

}  // namespace ias::tool
