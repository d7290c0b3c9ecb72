#pragma once
// The About window of every program of the middleware (ias-pinentry's family: ias-pin-change, the diagnostic
// window, the card browser): the same look and the same facts, so that a support desk asking "which version?"
// gets the same answer from each.
#include <gtk/gtk.h>

#include <string>
#include <utility>
#include <vector>

namespace ias::pinui::dialog {

struct AboutFacts {
    std::string program;        // the executable's name: "ias-pin-change"
    std::string title;          // translated, what the window is: "Change a card PIN"
    std::string version;        // the program's own version (compiled in)
    std::string purpose;        // translated, one sentence
    std::string documentation;  // the program's page, e.g. "ias-pin-change.md"; empty: none
};

// Name and version of each part that works with the program, as found at run time: the program, the IAS-API
// library this process loaded, the installed package (from dpkg's database) and its PKCS#11 module.
std::vector<std::pair<std::string, std::string>> componentVersions(const AboutFacts& facts);

// The same versions as plain lines ("name: version"), for a report or a clipboard.
std::string componentVersionsText(const AboutFacts& facts);

// A modal About window over `parent`: the versions are under "System" (selectable), the documentation is a
// link to the installed page.
void showAboutWindow(GtkWindow* parent, const AboutFacts& facts);

}  // namespace ias::pinui::dialog
