// ias-diag-gtk: the diagnostic report in a window, for a citizen on the phone with the support desk
// (docs/ias-diag.md, "The window"). The checks are ias-diag's (ias_diag_checks); ias-diag stays the command
// line without GTK, for ssh and machines without a display. Also the module probe's child, as ias-diag is:
// `ias-diag-gtk --probe-module PATH` (ModuleProbe.h).
#include <gtk/gtk.h>
#include <pwd.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "Bounded.h"
#include "DiagRun.h"
#include "DiagWindow.h"
#include "Language.h"
#include "ModuleProbe.h"
#include "Texts.h"
#include "ThisProcess.h"
#include "Translation.h"

using namespace ias::diaggtk;

namespace {

enum Exit { kOk = 0, kUsage = 64, kNoDisplay = 3 };

// The usage in the user's language: printed after the language is chosen.
std::string usageText() {
    return tr(
        "usage: ias-diag-gtk [--lang en|fr] [--module PATH] [--reader NAME] [--timeout SECONDS]\n"
        "Checks the smart-card software, the reader and the card in a window, and says what to do.\n"
        "The same checks without a window: ias-diag.\n");
}

bool parse(int argc, char** argv, WindowOptions& options, std::string& language, bool& help) {
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--help" || a == "-h") {
            help = true;
        } else if (a == "--lang" && hasValue) {
            language = argv[++i];
        } else if (a == "--module" && hasValue) {
            options.diag.modulePath = argv[++i];
        } else if (a == "--reader" && hasValue) {
            options.diag.reader = std::string(argv[++i]);
        } else if (a == "--timeout" && hasValue) {
            const std::string v = argv[++i];
            char* end = nullptr;
            const long s = std::strtol(v.c_str(), &end, 10);
            if (end == v.c_str() || *end != '\0' || s < 1 || s > 600) return false;
            options.diag.timeout = std::chrono::seconds(s);
        } else if (a == "--anonymise" || a == "--anonymize") {
            options.diag.anonymise = true;
        } else if (a == "--status-fd" && hasValue) {  // tests: StatusLines.h
            options.statusFd = std::atoi(argv[++i]);
        } else {
            return false;
        }
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::string(argv[1]) == "--probe-module") {
        const int rc = ias::diag::probeModule(argv[2]);
        std::fflush(stdout);
        ::_exit(rc);  // as ias-diag: a module's own destructors must not change the verdict
    }
    std::signal(SIGPIPE, SIG_IGN);
    WindowOptions options;
    std::string language;
    bool help = false;
    const bool parsed = parse(argc, argv, options, language, help);
    // No PIN here, so no hardening, and the accessibility bus stays on: screen readers must read the report.
    ias::pinui::dialog::selectLanguage(language, kTextDomain);
    ias::diag::bindReportCatalogue();  // the checks' findings and advice, in the same language
    if (help || !parsed) {
        (help ? std::cout : std::cerr) << usageText();
        return help ? kOk : kUsage;
    }
    options.diag.home = ias::diag::homeDirectory();
    options.diag.selfExecutable = ias::diag::selfExecutable();
    gtk_disable_setlocale();
    if (!gtk_init_check()) {
        const char* display = std::getenv("DISPLAY");
        std::cerr << tr("ias-diag-gtk: cannot open the display; without one, run ias-diag")
                  << " (DISPLAY=" << (display ? display : "") << ")\n";
        return kNoDisplay;
    }

    struct Run {
        WindowOptions options;
        DiagWindow* window = nullptr;
    } run{options, nullptr};
    GtkApplication* app = gtk_application_new("org.iasecc.Diagnostic", G_APPLICATION_NON_UNIQUE);
    g_signal_connect(app, "activate", G_CALLBACK(+[](GtkApplication* a, gpointer data) {
                         auto* r = static_cast<Run*>(data);
                         if (r->window == nullptr) r->window = presentDiagWindow(a, r->options);
                     }),
                     &run);
    char* args[] = {argv[0], nullptr};
    const int status = g_application_run(G_APPLICATION(app), 1, args);
    // A run or a step still waiting on a hung pcscd, card or module is abandoned, as ias-diag abandons it.
    if (runsInFlight() > 0 || ias::diag::abandonedSteps() > 0) ::_exit(status);
    g_object_unref(app);
    return status;
}
