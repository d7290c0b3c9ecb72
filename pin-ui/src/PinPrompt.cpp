#include "ias/pinui/PinPrompt.h"

#include "AnswerParser.h"
#include "DialogProcess.h"
#include "PreparedRequest.h"

namespace ias::pinui {

namespace {

using detail::Deadline;
using detail::DialogProcess;
using detail::ReadEnd;

// "OK " + the longest PIN + "\n", with room to notice an answer that is too long.
constexpr std::size_t kAnswerCapacity = 3 + kMaxPinLength + 1 + 64;
// Time the dialog gets to exit by itself once it answered.
constexpr std::chrono::milliseconds kExitGrace{2000};

PromptResult unavailable(std::string message) {
    PromptResult r;
    r.status = PromptStatus::Unavailable;
    r.message = std::move(message);
    return r;
}

PromptResult ask(const PinRequest& request, const PromptOptions& options) {
    std::string program, error;
    std::string wire = detail::prepareRequest(request, options, program, error);
    if (wire.empty()) return unavailable(error);
    if (request.mode != DialogMode::Entry) return unavailable("askPin needs an entry-mode request");

    DialogProcess dialog = DialogProcess::start(program, error);
    if (!dialog.running()) return unavailable(error);

    Deadline deadline(options.timeout);
    if (!dialog.send(wire, deadline)) {
        std::string how = dialog.stop(kExitGrace);
        return unavailable("PIN dialog did not take the request (" + how + ")");
    }
    SecureBuffer answer(kAnswerCapacity);
    ReadEnd end = dialog.readLine(answer, deadline);
    if (end == ReadEnd::Timeout) {
        dialog.stop(std::chrono::milliseconds(0));
        PromptResult r;
        r.status = PromptStatus::Cancelled;
        r.message =
            "no answer from the PIN dialog within " +
            std::to_string(std::chrono::duration_cast<std::chrono::seconds>(options.timeout).count()) + " s";
        return r;
    }
    std::string how = dialog.stop(kExitGrace);
    if (end != ReadEnd::Line) {
        return unavailable(end == ReadEnd::Overflow ? "PIN dialog answered too much"
                                                    : "PIN dialog ended without an answer (" + how + ")");
    }
    return detail::parseAnswer(answer, request.rules);
}

}  // namespace

PromptResult askPin(const PinRequest& request, const PromptOptions& options) {
    try {
        return ask(request, options);
    } catch (const std::exception& e) {
        // Secure allocation or spawning resources ran out: the host gets an answer, not an exception.
        return unavailable(std::string("PIN dialog failed: ") + e.what());
    }
}

}  // namespace ias::pinui
