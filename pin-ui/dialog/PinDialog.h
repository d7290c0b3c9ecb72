#pragma once
// The PIN entry window: who asks, which PIN, the tries left, the rules, a password entry (two for a new PIN),
// Cancel and OK. OK (or Enter) works only when the rules are met; Escape or closing the window cancels.
#include <gtk/gtk.h>

#include "ias/pinui/PinRequest.h"

namespace ias::pinui::dialog {

// Builds and presents the window inside `app`; the window answers on stdout and destroys itself.
void presentPinDialog(GtkApplication* app, const PinRequest& request);

}  // namespace ias::pinui::dialog
