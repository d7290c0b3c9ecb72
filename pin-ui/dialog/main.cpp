// ias-pinentry: the middleware's PIN dialog. Started by the PKCS#11 module or a tool (see docs/pin-ui.md):
// one request on stdin, one answer on stdout, then the process ends and its memory with it.
#include <gtk/gtk.h>

#include <unistd.h>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "AnswerChannel.h"
#include "Hardening.h"
#include "Language.h"
#include "PinDialog.h"
#include "PinPadWindow.h"

using namespace ias::pinui;

namespace {

enum Exit { kAnswered = 0, kNoAnswer = 1, kBadRequest = 2, kNoDisplay = 3 };

// Test hook (docs/pin-ui.md): after answering, close stdout and wait to be killed, so that a test can dump
// the memory of a process that has just handled a PIN.
void pauseForTestsIfAsked() {
    if (std::getenv("IAS_PINENTRY_TEST_PAUSE_AFTER_ANSWER") == nullptr) return;
    dialog::closeAnswerChannel();
    for (;;) ::pause();
}

}  // namespace

int main(int argc, char** argv) {
    // The one option (docs/pin-ui.md); a client starts the dialog with no argument and talks on stdin.
    if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
        g_print("ias-pinentry %s\n", IAS_PINENTRY_VERSION);
        return kAnswered;
    }
    hardenProcess();
    // A client that went away must not kill us mid-write; write() reports it instead.
    std::signal(SIGPIPE, SIG_IGN);

    std::optional<PinRequest> request = dialog::readRequest();
    if (!request) return kBadRequest;
    dialog::selectLanguage(request->language);
    gtk_disable_setlocale();  // selectLanguage chose the locale
    keepAccessibilityOffUnless("IAS_PINENTRY_ACCESSIBILITY");
    if (!gtk_init_check()) {
        const char* display = std::getenv("DISPLAY");
        g_printerr("ias-pinentry: cannot open the display (DISPLAY=%s)\n", display != nullptr ? display : "");
        dialog::answerLine("ERROR no display\n");
        return kNoDisplay;
    }

    GtkApplication* app = gtk_application_new("org.iasecc.PinEntry", G_APPLICATION_NON_UNIQUE);
    g_signal_connect(app, "activate", G_CALLBACK(+[](GtkApplication* a, gpointer r) {
                         const auto& req = *static_cast<const PinRequest*>(r);
                         if (req.mode == DialogMode::PinPad) {
                             dialog::presentPinPadWindow(a, req);
                         } else {
                             dialog::presentPinDialog(a, req);
                         }
                     }),
                     &*request);
    char* args[] = {argv[0], nullptr};
    g_application_run(G_APPLICATION(app), 1, args);
    g_object_unref(app);

    bool answered = dialog::answered();
    pauseForTestsIfAsked();
    return answered ? kAnswered : kNoAnswer;
}
