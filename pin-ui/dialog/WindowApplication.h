#pragma once
// The one window of a middleware program (ias-pin-change, ias-browser, ias-sign-gtk) in a GtkApplication:
// not unique (each start is its own window, e.g. one per document), the command line kept by the program
// (GApplication sees only argv[0]).
#include <gtk/gtk.h>

#include <functional>

namespace ias::pinui::dialog {

// Runs the application `id` until its window closes; `present` makes the window when it is activated
// (once). Returns g_application_run's status. GTK must be initialised.
int runWindowApplication(const char* id, char* argv0, const std::function<void(GtkApplication*)>& present);

}  // namespace ias::pinui::dialog
