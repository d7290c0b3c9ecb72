#include <algorithm>
#include <utility>

#include "AnswerParser.h"
#include "DialogProcess.h"
#include "PreparedRequest.h"
#include "ias/pinui/PinPrompt.h"

namespace ias::pinui {

namespace {
// How long the notice may take to appear; a display that does not answer by then is as good as none.
constexpr std::chrono::milliseconds kShowTimeout{10000};
constexpr std::chrono::milliseconds kCloseGrace{2000};
}  // namespace

PinPadNotice::PinPadNotice() = default;
PinPadNotice::PinPadNotice(PinPadNotice&& other) noexcept = default;

PinPadNotice& PinPadNotice::operator=(PinPadNotice&& other) noexcept {
    if (this != &other) {
        close();
        process_ = std::move(other.process_);
        message_ = std::move(other.message_);
    }
    return *this;
}

PinPadNotice::~PinPadNotice() {
    close();
}

PinPadNotice PinPadNotice::show(const PinRequest& request, const PromptOptions& options) {
    PinPadNotice notice;
    try {
        PinRequest padRequest = request;
        padRequest.mode = DialogMode::PinPad;
        std::string program;
        std::string wire = detail::prepareRequest(padRequest, options, program, notice.message_);
        if (wire.empty()) return notice;
        auto process =
            std::make_unique<detail::DialogProcess>(detail::DialogProcess::start(program, notice.message_));
        if (!process->running()) return notice;
        detail::Deadline deadline(std::min(options.timeout, kShowTimeout));
        if (!process->send(wire, deadline)) {
            notice.message_ = "PIN-pad notice did not take the request (" + process->stop(kCloseGrace) + ")";
            return notice;
        }
        SecureBuffer answer(128);
        detail::ReadEnd end = process->readLine(answer, deadline);
        std::string problem = end == detail::ReadEnd::Line ? detail::parseNoticeAnswer(answer)
                                                           : "PIN-pad notice did not appear";
        if (!problem.empty()) {
            std::string how = process->stop(std::chrono::milliseconds(0));
            notice.message_ = problem + " (" + how + ")";
            return notice;
        }
        notice.process_ = std::move(process);
    } catch (const std::exception& e) {
        notice.message_ = std::string("PIN-pad notice failed: ") + e.what();
    }
    return notice;
}

void PinPadNotice::close() {
    if (!process_) return;
    // "CLOSE" then end of input: either one takes the window down.
    process_->send("CLOSE\n", detail::Deadline(std::chrono::milliseconds(200)));
    process_->stop(kCloseGrace);
    process_.reset();
}

}  // namespace ias::pinui
