#pragma once
// Pieces both windows share: the header (icon, heading, who asks, card, tries) and the client watch.
#include <gtk/gtk.h>

#include <string>

#include "ias/pinui/PinRequest.h"

namespace ias::pinui::dialog {

GtkWidget* newWindow(GtkApplication* app);
// Icon beside heading, body, card label and the tries line (a warning when critical).
GtkWidget* newHeader(const PinRequest& request);
GtkWidget* newCaption(const std::string& text, const char* cssClass);
// Calls `onClient` when the client writes to stdin or goes away (end of file, hang-up).
void watchClient(GSourceFunc onClient, gpointer data);
// GSourceFunc over a GtkApplication*: closes each of its windows (which then answer as they do on close).
gboolean closeAllWindows(gpointer app);
// Loads the dialog's few style rules once.
void loadStyle();

}  // namespace ias::pinui::dialog
