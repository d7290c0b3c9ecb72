#pragma once
// The window: the card's state, the PIN to change with its tries left and rules, three secure entries
// (current, new, new again) and the Change button; the result of the change under them.
#include <gtk/gtk.h>

#include <optional>
#include <string>

namespace ias::pinchange {

struct WindowOptions {
    std::optional<std::string> reader;  // --reader
    std::string pinId;                  // --pin-id: the PIN chosen first (hex authId), else the card's first
    int statusFd = -1;                  // --status-fd (tests)
};

class PinChangeWindow;

// Creates the window on `app` and starts watching for the card. The returned object outlives the window:
// main deletes it after the application has stopped (pending card reports may still name it until then).
PinChangeWindow* presentPinChangeWindow(GtkApplication* app, const WindowOptions& options);
void deletePinChangeWindow(PinChangeWindow* window);

}  // namespace ias::pinchange
