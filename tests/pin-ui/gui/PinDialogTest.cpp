// The real dialog, typed into with xdotool: the client gets exactly what was typed; Escape cancels; OK stays
// disabled until the rules are met; a new PIN needs a matching confirmation; no display fails at once.
#include <chrono>

#include "support/DialogFixture.h"

using namespace ias::pinui;
using namespace ias::pinui::test;
using namespace std::chrono_literals;

TEST_F(DialogTest, TheTypedPinReachesTheClient) {
    auto answer = ask(request(PinKind::Authentication, 3));
    std::string w = gui().waitForWindow(kTitleEn);
    ASSERT_FALSE(w.empty()) << "no dialog window";
    gui().type(w, "58274319");
    gui().key(w, "Return");
    ASSERT_TRUE(answeredWithin(answer, kAnswerBound));
    PromptResult r = answer.get();
    ASSERT_EQ(r.status, PromptStatus::Ok) << r.message;
    EXPECT_EQ(pinText(r.pin), "58274319");
    EXPECT_TRUE(gui().waitForWindowGone(kTitleEn));
}

TEST_F(DialogTest, EscapeCancels) {
    auto answer = ask(request(PinKind::Signature, 2));
    std::string w = gui().waitForWindow(kTitleEn);
    ASSERT_FALSE(w.empty());
    gui().type(w, "12");
    gui().key(w, "Escape");
    ASSERT_TRUE(answeredWithin(answer, kAnswerBound));
    PromptResult r = answer.get();
    EXPECT_EQ(r.status, PromptStatus::Cancelled) << r.message;
    EXPECT_TRUE(r.pin.empty());
}

TEST_F(DialogTest, TheCancelButtonCancels) {
    auto answer = ask(request(PinKind::Authentication));
    std::string w = gui().waitForWindow(kTitleEn);
    ASSERT_FALSE(w.empty());
    // Alt+C is the Cancel button's mnemonic ("_Cancel").
    gui().key(w, "alt+c");
    ASSERT_TRUE(answeredWithin(answer, kAnswerBound));
    EXPECT_EQ(answer.get().status, PromptStatus::Cancelled);
}

TEST_F(DialogTest, AThreeDigitPinLeavesOkDisabled) {
    auto answer = ask(request(PinKind::Authentication, 3, PinRules{true, 4, 8}));
    std::string w = gui().waitForWindow(kTitleEn);
    ASSERT_FALSE(w.empty());
    gui().type(w, "123");
    gui().key(w, "Return");
    EXPECT_FALSE(answeredWithin(answer, 1500ms)) << "a 3-digit PIN was answered";
    EXPECT_TRUE(gui().windowExists(kTitleEn));
    gui().screenshot(w, "auth-en-3-digits");
    gui().type(w, "4");
    gui().key(w, "Return");
    ASSERT_TRUE(answeredWithin(answer, kAnswerBound));
    PromptResult r = answer.get();
    ASSERT_EQ(r.status, PromptStatus::Ok) << r.message;
    EXPECT_EQ(pinText(r.pin), "1234");
}

TEST_F(DialogTest, LettersAreRefusedForADigitsOnlyPin) {
    auto answer = ask(request(PinKind::Authentication, 3, PinRules{true, 4, 8}));
    std::string w = gui().waitForWindow(kTitleEn);
    ASSERT_FALSE(w.empty());
    gui().type(w, "12a4");
    gui().key(w, "Return");
    EXPECT_FALSE(answeredWithin(answer, 1500ms)) << "a PIN with a letter was answered";
    gui().screenshot(w, "auth-en-letter");
    gui().key(w, "BackSpace");
    gui().key(w, "BackSpace");
    gui().type(w, "34");
    gui().key(w, "Return");
    ASSERT_TRUE(answeredWithin(answer, kAnswerBound));
    EXPECT_EQ(pinText(answer.get().pin), "1234");
}

TEST_F(DialogTest, TheMaximumLengthCannotBeExceeded) {
    auto answer = ask(request(PinKind::Authentication, std::nullopt, PinRules{true, 4, 6}));
    std::string w = gui().waitForWindow(kTitleEn);
    ASSERT_FALSE(w.empty());
    gui().type(w, "123456789");
    gui().key(w, "Return");
    ASSERT_TRUE(answeredWithin(answer, kAnswerBound));
    EXPECT_EQ(pinText(answer.get().pin), "123456");
}

TEST_F(DialogTest, ANewPinNeedsAMatchingConfirmation) {
    auto answer = ask(request(PinKind::NewAuthentication, std::nullopt, PinRules{true, 4, 8}));
    std::string w = gui().waitForWindow(kTitleEn);
    ASSERT_FALSE(w.empty());
    gui().type(w, "2580");
    gui().key(w, "Tab");
    gui().type(w, "2581");
    gui().key(w, "Return");
    EXPECT_FALSE(answeredWithin(answer, 1500ms)) << "mismatching PINs were answered";
    gui().screenshot(w, "new-auth-en-mismatch");
    gui().key(w, "BackSpace");
    gui().type(w, "0");
    gui().key(w, "Return");
    ASSERT_TRUE(answeredWithin(answer, kAnswerBound));
    PromptResult r = answer.get();
    ASSERT_EQ(r.status, PromptStatus::Ok) << r.message;
    EXPECT_EQ(pinText(r.pin), "2580");
}

TEST_F(DialogTest, NoDisplayIsUnavailableAtOnce) {
    ::unsetenv("DISPLAY");
    // "At once" without a clock: a prompt that waited would end at its timeout as Cancelled.
    PromptResult r = askPin(request(PinKind::Authentication), options_);
    EXPECT_EQ(r.status, PromptStatus::Unavailable);
    EXPECT_FALSE(r.message.empty());
}

TEST_F(DialogTest, ADisplayThatCannotBeOpenedIsUnavailableQuickly) {
    ::setenv("DISPLAY", ":4242", 1);  // nothing listens there
    // Quickly without a clock: a prompt that waited for the dialog's timeout would end as Cancelled.
    PromptResult r = askPin(request(PinKind::Authentication), options_);
    EXPECT_EQ(r.status, PromptStatus::Unavailable);
    EXPECT_NE(r.message.find("no display"), std::string::npos) << r.message;
}

TEST_F(DialogTest, ThePinPadNoticeShowsAndCloses) {
    PinRequest r = request(PinKind::Signature, 3);
    {
        PinPadNotice notice = PinPadNotice::show(r, options_);
        ASSERT_TRUE(notice.shown()) << notice.message();
        std::string w = gui().waitForWindow(kTitleEn);
        ASSERT_FALSE(w.empty());
        EXPECT_FALSE(gui().waitForWindowGone(kTitleEn, 500ms));
    }
    EXPECT_TRUE(gui().waitForWindowGone(kTitleEn));
}
