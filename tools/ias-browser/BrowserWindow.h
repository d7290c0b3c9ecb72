#pragma once
// The card browser's window: the readers, then the card's home page (docs/ias-browser.md): what needs
// attention first, the card, its PINs with their tries left, its certificates with their validity, details,
// export and copy. Or, without a card, what is missing and what to do.
#include <gtk/gtk.h>

#include <optional>
#include <string>

namespace ias::browser {

struct WindowOptions {
    std::optional<std::string> reader;  // --reader
    std::string language;               // --lang, passed on to ias-pin-change
    int statusFd = -1;                  // --status-fd (tests)
    std::string anchors;                // --anchors PEM: the trust anchors chains lead to (else the system's)
};

class BrowserWindow;

// Creates the window on `app` and starts watching the readers. The returned object outlives the window:
// main deletes it after the application has stopped (pending card reports may still name it until then).
BrowserWindow* presentBrowserWindow(GtkApplication* app, const WindowOptions& options);
void deleteBrowserWindow(BrowserWindow* window);

}  // namespace ias::browser
