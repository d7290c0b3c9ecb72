// ias-browser: the card browser (docs/ias-browser.md): what the IAS-ECC card holds, its PINs' tries left and
// its certificates' validity, in a GTK 4 window. The command-line twin is `ias-tool list`; both read the
// card through libias-api.
#include <gtk/gtk.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "BrowserWindow.h"
#include "Language.h"
#include "Texts.h"
#include "WindowApplication.h"

using namespace ias::browser;

namespace {

enum Exit { kOk = 0, kUsage = 2, kNoDisplay = 3 };

// In the user's language (a GUI program: its --help and errors are read by a citizen, not a script).
std::string usageText() {
    return tr(
        "usage: ias-browser [--reader NAME] [--lang LANG] [--anchors PEM]\n"
        "Shows what your IAS-ECC smart card holds: the card, its PINs with their tries left, its "
        "certificates\n"
        "with their validity, and what needs your attention first.\n"
        "  --reader NAME  the reader (its name or part of it); default: the first with a card\n"
        "  --lang LANG    en or fr; default: the session's language\n"
        "  --anchors PEM  the trust anchors the certificates' chains must lead to; default: the system's\n"
        "The command-line twin: ias-tool list.\n");
}

// The language first (--lang, wherever it is), so that even a usage error is in it.
std::string requestedLanguage(int argc, char** argv) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--lang") == 0) return argv[i + 1];
    return {};
}

bool parse(int argc, char** argv, WindowOptions& options, std::string& error) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--help" || a == "-h") {
            error.clear();
            return false;
        } else if (a == "--reader" && hasValue) {
            options.reader = argv[++i];
        } else if (a == "--lang" && hasValue) {
            options.language = argv[++i];
        } else if (a == "--anchors" && hasValue) {
            options.anchors = argv[++i];
        } else if (a == "--status-fd" && hasValue) {  // tests: the window's values as lines
            options.statusFd = std::atoi(argv[++i]);
        } else {
            const bool known = a == "--reader" || a == "--lang" || a == "--anchors" || a == "--status-fd";
            error =
                formatText(known ? tr("The option \"%s\" wants a value.") : tr("Unknown option \"%s\"."), a);
            return false;
        }
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    // No PIN is typed here (the unblock is ias-pin-change's), so no hardening, and the accessibility bus
    // stays on: screen readers read the card page.
    ias::pinui::dialog::selectLanguage(requestedLanguage(argc, argv), kTextDomain);
    WindowOptions options;
    std::string error = "?";
    if (!parse(argc, argv, options, error)) {
        if (error.empty()) {  // --help
            std::cout << usageText();
            return kOk;
        }
        std::cerr << "ias-browser: " << error << "\n" << usageText();
        return kUsage;
    }
    gtk_disable_setlocale();
    if (!gtk_init_check()) {
        const char* display = std::getenv("DISPLAY");
        std::cerr << "ias-browser: "
                  << formatText(tr("cannot open the display (DISPLAY=%s)."), display ? display : "") << "\n";
        return kNoDisplay;
    }

    BrowserWindow* window = nullptr;
    const int status = ias::pinui::dialog::runWindowApplication(
        "org.iasecc.CardBrowser", argv[0],
        [&](GtkApplication* app) { window = presentBrowserWindow(app, options); });
    deleteBrowserWindow(window);
    return status;
}
