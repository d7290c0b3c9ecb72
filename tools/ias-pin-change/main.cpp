// ias-pin-change: the holder changes a PIN of the IAS-ECC card in a GTK 4 window (docs/ias-pin-change.md).
// The CLI twin is `ias-tool pin change`; both go through libias-api.
#include <gtk/gtk.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

#include "Hardening.h"
#include "Language.h"
#include "PinChangeWindow.h"
#include "Texts.h"
#include "WindowApplication.h"

using namespace ias::pinchange;

namespace {

enum Exit { kOk = 0, kUsage = 2, kNoDisplay = 3 };

// In the user's language (a GUI program: its --help and errors are read by a citizen, not a script).
std::string usageText() {
    return tr(
        "usage: ias-pin-change [--reader NAME] [--pin-id ID] [--lang LANG]\n"
        "Changes a PIN of the IAS-ECC card in a window, or unblocks it with the PUK.\n"
        "  --reader NAME  the reader (its name or part of it); default: the first with a card\n"
        "  --pin-id ID    the PIN shown first (hex, as ias-tool list shows it)\n"
        "  --lang LANG    en or fr; default: the session's language\n"
        "The command-line twin: ias-tool pin change, ias-tool pin unblock.\n");
}

// The language first (--lang, wherever it is), so that even a usage error is in it.
std::string requestedLanguage(int argc, char** argv) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--lang") == 0) return argv[i + 1];
    return {};
}

bool parse(int argc, char** argv, WindowOptions& options, std::string& language, std::string& error) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--help" || a == "-h") {
            error.clear();
            return false;
        } else if (a == "--reader" && hasValue) {
            options.reader = argv[++i];
        } else if (a == "--pin-id" && hasValue) {
            options.pinId = argv[++i];
            if (options.pinId.empty() || options.pinId.size() % 2 != 0 ||
                options.pinId.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) {
                error = formatText(tr("--pin-id wants a hex authId such as 01, not \"%s\"."), options.pinId);
                return false;
            }
        } else if (a == "--lang" && hasValue) {
            language = argv[++i];
        } else if (a == "--status-fd" && hasValue) {  // tests: the window's state as lines
            options.statusFd = std::atoi(argv[++i]);
        } else {
            const bool known = a == "--reader" || a == "--pin-id" || a == "--lang" || a == "--status-fd";
            error =
                formatText(known ? tr("The option \"%s\" wants a value.") : tr("Unknown option \"%s\"."), a);
            return false;
        }
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    // Before any PIN can exist: no core dump, no ptrace, memory locked (shared with ias-pinentry).
    ias::pinui::hardenProcess();
    std::signal(SIGPIPE, SIG_IGN);

    WindowOptions options;
    std::string language = requestedLanguage(argc, argv);
    ias::pinui::dialog::selectLanguage(language, kTextDomain);
    std::string error = "?";
    if (!parse(argc, argv, options, language, error)) {
        if (error.empty()) {  // --help
            std::cout << usageText();
            return kOk;
        }
        std::cerr << "ias-pin-change: " << error << "\n" << usageText();
        return kUsage;
    }
    gtk_disable_setlocale();
    ias::pinui::keepAccessibilityOffUnless("IAS_PIN_CHANGE_ACCESSIBILITY");
    if (!gtk_init_check()) {
        const char* display = std::getenv("DISPLAY");
        std::cerr << "ias-pin-change: "
                  << formatText(tr("cannot open the display (DISPLAY=%s)."), display ? display : "") << "\n";
        return kNoDisplay;
    }

    PinChangeWindow* window = nullptr;
    const int status = ias::pinui::dialog::runWindowApplication(
        "org.iasecc.PinChange", argv[0],
        [&](GtkApplication* app) { window = presentPinChangeWindow(app, options); });
    deletePinChangeWindow(window);
    return status;
}
