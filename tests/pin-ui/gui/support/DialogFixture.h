#pragma once
// Fixture of the gui tests: a private display per test, the real ias-pinentry from the build tree, and
// prompts run on a worker thread while the test plays the user with xdotool.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "GuiSession.h"
#include "ias/pinui/PinPrompt.h"

namespace ias::pinui::test {

// How long a test waits for an answer that normally comes in well under a second: a hang guard, generous
// because Xvfb, GTK and xdotool share a loaded machine. The dialog's own timeout is longer still, so a slow
// run is never cut short by it.
inline constexpr std::chrono::seconds kAnswerBound{60};

inline const std::string kTitleEn = "Smart card PIN";
inline const std::string kTitleFr = "Code PIN de la carte à puce";

inline std::string pinText(const SecureBuffer& pin) {
    return std::string(reinterpret_cast<const char*>(pin.data()), pin.size());
}

class DialogTest : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* v : {"LANGUAGE", "LANG", "LC_ALL", "LC_MESSAGES"}) ::unsetenv(v);
        session_ = std::make_unique<GuiSession>();
        ASSERT_TRUE(session_->ready()) << "Xvfb or dbus-daemon did not start";
        options_.program = IAS_PINENTRY_BUILD_PATH;
        options_.timeout = std::chrono::seconds(180);
    }
    void TearDown() override {
        // Taking the display away ends any dialog still up, so no prompt outlives the test.
        session_.reset();
        for (auto& p : pending_) p.wait();
    }

    static PinRequest request(PinKind kind, std::optional<int> tries = std::nullopt, PinRules rules = {}) {
        PinRequest r;
        r.caller = "Firefox";
        r.tokenLabel = "IAS-ECC test card";
        r.kind = kind;
        r.triesLeft = tries;
        r.rules = rules;
        return r;
    }

    std::shared_future<PromptResult> ask(const PinRequest& r) {
        PromptOptions options = options_;
        auto f = std::async(std::launch::async, [r, options] { return askPin(r, options); }).share();
        pending_.push_back(f);
        return f;
    }

    static bool answeredWithin(const std::shared_future<PromptResult>& f, std::chrono::milliseconds limit) {
        return f.wait_for(limit) == std::future_status::ready;
    }

    // For failure messages: how the prompt ended, if it did.
    std::string describe(const std::shared_future<PromptResult>& f) const {
        std::string x = " (display " + session_->display() + (session_->alive() ? " alive)" : " dead)");
        if (f.wait_for(std::chrono::seconds(2)) != std::future_status::ready)
            return "the prompt is still waiting" + x;
        const PromptResult& r = f.get();
        return "the prompt ended: status " + std::to_string(static_cast<int>(r.status)) + ", " + r.message +
               x;
    }

    GuiSession& gui() { return *session_; }

    std::unique_ptr<GuiSession> session_;
    PromptOptions options_;
    std::vector<std::shared_future<PromptResult>> pending_;
};

}  // namespace ias::pinui::test
