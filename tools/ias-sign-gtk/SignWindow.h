#pragma once
// The signing window (docs/ias-sign.md, "The window"): a document and its signature tree, and the actions
// of ias-sign on it (sign, co-sign, counter-sign the selected signature, verify again).
#include <gtk/gtk.h>

#include <string>

namespace ias::signgtk {

struct WindowOptions {
    std::string language;  // "en", "fr" or empty (the session's)
    std::string reader;
    std::string anchors;
    std::string document, signature;  // from the command line; empty: nothing opened yet
    int statusFd = -1;
};

class SignWindow;
SignWindow* presentSignWindow(GtkApplication* app, const WindowOptions& options);
void deleteSignWindow(SignWindow* window);  // after the application's loop: joins a running action

}  // namespace ias::signgtk
