// A process that obtains a PIN through the client library (from the fake dialog) and holds it, then drops
// it, on the test's word, so that the test can dump this process's memory at both moments.
// stdout: "HOLDING\n", then "WIPED\n" after a line on stdin; exits at end of stdin.
#include <unistd.h>
#include <cstdlib>
#include <string_view>

#include "ias/pinui/PinPrompt.h"

namespace {

void say(std::string_view line) {
    (void)!::write(STDOUT_FILENO, line.data(), line.size());
}

void waitForLine() {
    char c = 0;
    while (::read(STDIN_FILENO, &c, 1) == 1 && c != '\n') {
    }
}

}  // namespace

int main() {
    using namespace ias::pinui;
    PinRequest request;
    request.caller = "probe";
    request.rules = PinRules{true, 4, 8};
    PromptOptions options;
    const char* dialog = std::getenv("IAS_PINUI_PROBE_DIALOG");
    options.program = dialog != nullptr ? dialog : "";
    {
        PromptResult result = askPin(request, options);
        if (result.status != PromptStatus::Ok) {
            say("FAILED " + result.message + "\n");
            return 1;
        }
        say("HOLDING\n");
        waitForLine();
    }
    say("WIPED\n");
    waitForLine();
    return 0;
}
