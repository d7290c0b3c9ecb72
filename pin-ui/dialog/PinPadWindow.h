#pragma once
// The PIN-pad notice: tells the user to type the PIN on the reader; no entry, no buttons. Says "SHOWN" once
// on screen and goes away when the client writes a line or closes its end.
#include <gtk/gtk.h>

#include "ias/pinui/PinRequest.h"

namespace ias::pinui::dialog {

void presentPinPadWindow(GtkApplication* app, const PinRequest& request);

}  // namespace ias::pinui::dialog
