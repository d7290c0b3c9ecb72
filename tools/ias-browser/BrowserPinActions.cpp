// The PIN flows started from the card page (PinActions.h): each runs in its own program, and this window
// reads the counters again afterwards (a test: when it ends; a change or unblock: F5, or a card event).
#include "BrowserWindowState.h"
#include "PinActions.h"
#include "Texts.h"

namespace ias::browser {

void BrowserWindow::unblock(const Bytes& authId) {
    std::string error;
    if (startPinChange(page_.reader, toHex(authId), options_.language, error)) {
        report_.line("unblock " + toHex(authId));
    } else {
        say(formatText(tr("Could not start ias-pin-change: %s"), error));
    }
}

void BrowserWindow::changePin(const Bytes& authId) {
    std::string error;
    if (startPinChange(page_.reader, toHex(authId), options_.language, error)) {
        report_.line("change " + toHex(authId));
    } else {
        say(formatText(tr("Could not start ias-pin-change: %s"), error));
    }
}

// The test's outcome in words, then the page read again: its tries left are the card's after the test.
void BrowserWindow::testPin(const Bytes& authId, const std::string& label) {
    std::string error;
    const std::string id = toHex(authId);
    const bool started = startPinTest(
        page_.reader, id, options_.language,
        [this, id, label](int status) {
            switch (status) {
                case 0:
                    say(formatText(tr("The PIN \"%s\" is correct."), label));
                    break;
                case 4:
                    say(formatText(tr("Wrong PIN: the card refused \"%s\"."), label));
                    break;
                case 5:
                    say(formatText(tr("The PIN \"%s\" is blocked."), label));
                    break;
                case 11:
                    say(tr("The PIN test was cancelled."));
                    break;
                default:
                    say(formatText(tr("The PIN could not be tested (ias-tool ended with %s)."),
                                   std::to_string(status)));
            }
            report_.line("tested " + id + " exit=" + std::to_string(status));
            reader_->refresh();
        },
        error);
    if (started)
        report_.line("test " + id);
    else
        say(formatText(tr("Could not start ias-tool: %s"), error));
}

}  // namespace ias::browser
