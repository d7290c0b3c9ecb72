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

using namespace ias::pinchange;

namespace {

enum Exit { kOk = 0, kUsage = 2, kNoDisplay = 3 };

constexpr const char* kUsageText =
    "usage: ias-pin-change [--reader NAME] [--pin-id ID] [--lang LANG]\n"
    "Changes a PIN of the IAS-ECC card in a window. The command-line twin: ias-tool pin change.\n";

bool parse(int argc, char** argv, WindowOptions& options, std::string& language) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--reader" && hasValue) {
            options.reader = argv[++i];
        } else if (a == "--pin-id" && hasValue) {
            options.pinId = argv[++i];
            if (options.pinId.empty() || options.pinId.size() % 2 != 0 ||
                options.pinId.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
                return false;
        } else if (a == "--lang" && hasValue) {
            language = argv[++i];
        } else if (a == "--status-fd" && hasValue) {  // tests: the window's state as lines
            options.statusFd = std::atoi(argv[++i]);
        } else {
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
    std::string language;
    if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
        std::cout << kUsageText;
        return kOk;
    }
    if (!parse(argc, argv, options, language)) {
        std::cerr << kUsageText;
        return kUsage;
    }
    ias::pinui::dialog::selectLanguage(language, kTextDomain);
    gtk_disable_setlocale();
    ias::pinui::keepAccessibilityOffUnless("IAS_PIN_CHANGE_ACCESSIBILITY");
    if (!gtk_init_check()) {
        const char* display = std::getenv("DISPLAY");
        std::cerr << "ias-pin-change: cannot open the display (DISPLAY=" << (display ? display : "") << ")\n";
        return kNoDisplay;
    }

    struct Run {
        WindowOptions options;
        PinChangeWindow* window = nullptr;
    } run{options, nullptr};
    GtkApplication* app = gtk_application_new("org.iasecc.PinChange", G_APPLICATION_NON_UNIQUE);
    g_signal_connect(app, "activate", G_CALLBACK(+[](GtkApplication* a, gpointer data) {
                         auto* r = static_cast<Run*>(data);
                         if (r->window == nullptr) r->window = presentPinChangeWindow(a, r->options);
                     }),
                     &run);
    char* args[] = {argv[0], nullptr};
    const int status = g_application_run(G_APPLICATION(app), 1, args);
    deletePinChangeWindow(run.window);
    g_object_unref(app);
    return status;
}
