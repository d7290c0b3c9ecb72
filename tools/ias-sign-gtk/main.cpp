// ias-sign-gtk: the signing window (docs/ias-sign.md, "The window"): a document's signature tree with each
// verdict, and sign, co-sign, counter-sign and verify with the card. The command-line twin is ias-sign; the
// window runs its very commands (the library ias_sign_flows), with the PIN asked in ias-pinentry.
#include <gtk/gtk.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "SignWindow.h"
#include "Texts.h"
#include "WindowApplication.h"

using namespace ias::signgtk;

namespace {

enum Exit { kOk = 0, kUsage = 2, kNoDisplay = 3 };

// The language first (--lang, wherever it is), so that even a usage error is in it.
std::string requestedLanguage(int argc, char** argv) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--lang") == 0) return argv[i + 1];
    return {};
}

bool parse(int argc, char** argv, WindowOptions& options, std::string& error) {
    std::vector<std::string> files;
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
        } else if (a.rfind("--", 0) == 0) {
            const bool known = a == "--reader" || a == "--lang" || a == "--anchors" || a == "--status-fd";
            error =
                formatText(known ? tr("The option \"%s\" wants a value.") : tr("Unknown option \"%s\"."), a);
            return false;
        } else {
            files.push_back(a);
        }
    }
    if (files.size() > 2) {
        error = tr("Give one document, and its signature file if it is not beside it.");
        return false;
    }
    if (!files.empty()) options.document = files[0];
    if (files.size() == 2) options.signature = files[1];
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    ias::tool::setProgramName("ias-sign-gtk");  // the name in the commands' own messages (Details: …)
    // No PIN is typed here (ias-pinentry asks it, in its own hardened process), so the accessibility bus
    // stays on: screen readers read the signature tree.
    ias::pinui::dialog::selectLanguage(requestedLanguage(argc, argv), kTextDomain);
    WindowOptions options;
    std::string error = "?";
    if (!parse(argc, argv, options, error)) {
        if (error.empty()) {  // --help
            std::cout << usageText();
            return kOk;
        }
        std::cerr << "ias-sign-gtk: " << error << "\n" << usageText();
        return kUsage;
    }
    gtk_disable_setlocale();
    if (!gtk_init_check()) {
        const char* display = std::getenv("DISPLAY");
        std::cerr << "ias-sign-gtk: "
                  << formatText(tr("cannot open the display (DISPLAY=%s)."), display ? display : "") << "\n";
        return kNoDisplay;
    }
    SignWindow* window = nullptr;
    const int status = ias::pinui::dialog::runWindowApplication(
        "org.iasecc.SignDocuments", argv[0],
        [&](GtkApplication* app) { window = presentSignWindow(app, options); });
    deleteSignWindow(window);
    return status;
}
