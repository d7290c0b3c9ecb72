#pragma once
// The diagnostic window (docs/ias-diag.md, "The window"): runs the checks of ias_diag_checks off the main
// loop and shows each as it runs; saves, copies and anonymises the report as the command line does.
#include <gtk/gtk.h>

#include "DiagOptions.h"

namespace ias::diaggtk {

struct WindowOptions {
    ias::diag::DiagOptions diag;
    int statusFd = -1;  // tests: StatusLines.h
};

class DiagWindow;
// Builds and shows the window; it lives as long as the process.
DiagWindow* presentDiagWindow(GtkApplication* app, const WindowOptions& options);

}  // namespace ias::diaggtk
