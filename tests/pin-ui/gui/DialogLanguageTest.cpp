// Every dialog in English and French: the window carries the translated title (so the catalogue was built and
// found), and a screenshot of each lands in the screenshot directory for a person to look at.
#include "support/DialogFixture.h"

using namespace ias::pinui;
using namespace ias::pinui::test;
using namespace std::chrono_literals;

namespace {

struct Case {
    const char* name;
    PinKind kind;
    std::optional<int> tries;
    DialogMode mode;
};

const Case kCases[] = {
    {"auth", PinKind::Authentication, 3, DialogMode::Entry},
    {"sign-last-try", PinKind::Signature, 1, DialogMode::Entry},
    {"puk", PinKind::Puk, 2, DialogMode::Entry},
    {"new-sign", PinKind::NewSignature, std::nullopt, DialogMode::Entry},
    {"pinpad-auth", PinKind::Authentication, 3, DialogMode::PinPad},
};

}  // namespace

class EveryDialog : public DialogTest, public ::testing::WithParamInterface<const char*> {};

TEST_P(EveryDialog, ShowsTranslatedAndIsPhotographed) {
    const std::string lang = GetParam();
    const std::string& title = lang == "fr" ? kTitleFr : kTitleEn;
    for (const Case& c : kCases) {
        SCOPED_TRACE(c.name);
        PinRequest r =
            request(c.kind, c.tries, c.kind == PinKind::Puk ? PinRules{true, 8, 8} : PinRules{true, 4, 8});
        r.language = lang;
        r.mode = c.mode;
        if (c.mode == DialogMode::PinPad) {
            PinPadNotice notice = PinPadNotice::show(r, options_);
            ASSERT_TRUE(notice.shown()) << notice.message();
            std::string w = gui().waitForWindow(title);
            ASSERT_FALSE(w.empty()) << "no window titled " << title;
            gui().screenshot(w, std::string(c.name) + "-" + lang);
            notice.close();
            EXPECT_TRUE(gui().waitForWindowGone(title));
            continue;
        }
        auto answer = ask(r);
        std::string w = gui().waitForWindow(title);
        ASSERT_FALSE(w.empty()) << "no window titled " << title << "; " << describe(answer);
        gui().screenshot(w, std::string(c.name) + "-" + lang);
        gui().key(w, "Escape");
        ASSERT_TRUE(answeredWithin(answer, kAnswerBound));
        EXPECT_EQ(answer.get().status, PromptStatus::Cancelled);
        EXPECT_TRUE(gui().waitForWindowGone(title));
    }
}

INSTANTIATE_TEST_SUITE_P(Languages, EveryDialog, ::testing::Values("en", "fr"));

TEST_F(DialogTest, TheLanguageComesFromTheEnvironmentWhenTheRequestHasNone) {
    // Only C.UTF-8 is generated on Debian by default: the dialog must not depend on fr_FR being installed.
    ::setenv("LANG", "fr_FR.UTF-8", 1);
    auto answer = ask(request(PinKind::Authentication, 3));
    std::string w = gui().waitForWindow(kTitleFr);
    EXPECT_FALSE(w.empty()) << "LANG=fr_FR.UTF-8 did not give a French dialog";
    if (!w.empty()) gui().key(w, "Escape");
    ASSERT_TRUE(answeredWithin(answer, kAnswerBound));
}

TEST_F(DialogTest, AnUnknownCallerIsShownAsAnApplication) {
    PinRequest r = request(PinKind::Authentication, 3);
    r.caller.clear();  // the client fills in this test program's name
    auto answer = ask(r);
    std::string w = gui().waitForWindow(kTitleEn);
    ASSERT_FALSE(w.empty());
    gui().screenshot(w, "auth-en-caller-from-proc");
    gui().key(w, "Escape");
    ASSERT_TRUE(answeredWithin(answer, kAnswerBound));
}
