// The client against a fake dialog (fakes/fake-pinentry.sh): framing of the answer, every way a dialog can
// fail, timeouts, and what the child process gets (no argv, a filtered environment, no inherited descriptor).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "ias/pinui/PinPrompt.h"

using namespace ias::pinui;
using namespace std::chrono_literals;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string pinText(const ias::SecureBuffer& pin) {
    return std::string(reinterpret_cast<const char*>(pin.data()), pin.size());
}

// kill(pid, 0) also succeeds on a zombie: gone means started, ended and reaped.
bool processExists(pid_t pid) {
    return ::kill(pid, 0) == 0;
}

pid_t pidFrom(const std::string& pidFile) {
    return static_cast<pid_t>(std::atoi(slurp(pidFile).c_str()));
}

class PinPrompt : public ::testing::Test {
protected:
    void SetUp() override {
        prefix_ = std::string(IAS_PINUI_TEST_TMP) + "/" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name();
        for (const char* name : {"pid", "report", "request"}) ::unlink(file(name).c_str());
        ::setenv("DISPLAY", ":fake", 1);
        ::unsetenv("WAYLAND_DISPLAY");
        ::setenv("IAS_PINENTRY_TEST_PIDFILE", file("pid").c_str(), 1);
        ::setenv("IAS_PINENTRY_TEST_REPORT", file("report").c_str(), 1);
        options_.program = IAS_PINUI_FAKE_DIALOG;
        options_.timeout = 10s;
        request_.caller = "unit-test";
    }
    void TearDown() override {
        for (const char* v :
             {"IAS_PINENTRY_TEST_FAKE", "IAS_PINENTRY_TEST_ANSWER", "IAS_PINENTRY_TEST_PIDFILE",
              "IAS_PINENTRY_TEST_REPORT", "IAS_PINENTRY_TEST_REQUEST_FILE", "IAS_PINENTRY_TEST_FD",
              "IAS_PINUI_TEST_SECRET", "IAS_PINENTRY"}) {
            ::unsetenv(v);
        }
    }
    void fake(const char* behaviour, const char* answer = "") {
        ::setenv("IAS_PINENTRY_TEST_FAKE", behaviour, 1);
        ::setenv("IAS_PINENTRY_TEST_ANSWER", answer, 1);
    }
    std::string file(const char* name) const { return prefix_ + "." + name; }
    pid_t dialogPid() const { return pidFrom(file("pid")); }

    std::string prefix_;
    PromptOptions options_;
    PinRequest request_;
};

}  // namespace

TEST_F(PinPrompt, OkAnswerGivesExactlyThePin) {
    fake("ok", "48151623");
    PromptResult r = askPin(request_, options_);
    ASSERT_EQ(r.status, PromptStatus::Ok) << r.message;
    EXPECT_EQ(pinText(r.pin), "48151623");
    EXPECT_FALSE(processExists(dialogPid()));
}

TEST_F(PinPrompt, TheDialogReceivesTheEncodedRequest) {
    fake("ok", "1234");
    ::setenv("IAS_PINENTRY_TEST_REQUEST_FILE", file("request").c_str(), 1);
    request_.kind = PinKind::Puk;
    request_.triesLeft = 2;
    ASSERT_EQ(askPin(request_, options_).status, PromptStatus::Ok);
    EXPECT_EQ(slurp(file("request")), encodeRequest(request_));
}

TEST_F(PinPrompt, CancelIsCancelled) {
    fake("cancel");
    PromptResult r = askPin(request_, options_);
    EXPECT_EQ(r.status, PromptStatus::Cancelled);
    EXPECT_TRUE(r.pin.empty());
}

TEST_F(PinPrompt, DialogErrorIsUnavailableWithItsReason) {
    fake("error");
    PromptResult r = askPin(request_, options_);
    EXPECT_EQ(r.status, PromptStatus::Unavailable);
    EXPECT_NE(r.message.find("no display"), std::string::npos) << r.message;
}

TEST_F(PinPrompt, DialogEndingWithoutAnswerIsUnavailable) {
    fake("silent");
    PromptResult r = askPin(request_, options_);
    EXPECT_EQ(r.status, PromptStatus::Unavailable);
    EXPECT_NE(r.message.find("exit status 4"), std::string::npos) << r.message;
    EXPECT_FALSE(processExists(dialogPid()));
}

TEST_F(PinPrompt, MalformedAnswersAreRefused) {
    for (const char* answer : {
             "OK 1234",             // no newline: the dialog then ends
             "OK 1234\nOK 5678\n",  // two answers
             "OK 1234\nX",          // something after the answer
             "OK 12a4\n",           // outside the rules
             "OK 123\n",            // too short
             "OK 123456789\n",      // too long for the rules
             "ok 1234\n",
             "OK  1234\n",
             "YES\n",
             "\n",
         }) {
        fake("raw", answer);
        PromptResult r = askPin(request_, options_);
        EXPECT_EQ(r.status, PromptStatus::Unavailable) << answer;
        EXPECT_TRUE(r.pin.empty()) << answer;
    }
}

TEST_F(PinPrompt, AnOverlongAnswerIsRefused) {
    std::string answer = "OK " + std::string(1000, '1') + "\n";
    fake("raw", answer.c_str());
    PromptResult r = askPin(request_, options_);
    EXPECT_EQ(r.status, PromptStatus::Unavailable);
    EXPECT_NE(r.message.find("too much"), std::string::npos) << r.message;
}

TEST_F(PinPrompt, NoAnswerInTimeIsCancelledAndTheDialogKilled) {
    fake("hang");
    options_.timeout = 500ms;
    auto start = std::chrono::steady_clock::now();
    PromptResult r = askPin(request_, options_);
    auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(r.status, PromptStatus::Cancelled);
    EXPECT_GE(took, 500ms);  // not before its timeout; the fake would hang for an hour

    EXPECT_FALSE(processExists(dialogPid()));
}

TEST_F(PinPrompt, ADialogThatLingersAfterAnsweringIsStopped) {
    // The fake lingers for an hour after its answer: askPin returns only by stopping it.
    fake("linger", "2468");
    PromptResult r = askPin(request_, options_);
    EXPECT_EQ(r.status, PromptStatus::Ok);
    EXPECT_EQ(pinText(r.pin), "2468");
    EXPECT_FALSE(processExists(dialogPid()));
}

TEST_F(PinPrompt, NoDisplayFailsAtOnceWithoutStartingAnything) {
    fake("ok", "1234");
    ::unsetenv("DISPLAY");
    // "At once" without a clock: a prompt that waited would end at its timeout as Cancelled, and no dialog
    // may have been started at all.
    PromptResult r = askPin(request_, options_);
    EXPECT_EQ(r.status, PromptStatus::Unavailable);
    EXPECT_NE(r.message.find("DISPLAY"), std::string::npos) << r.message;
    EXPECT_NE(::access(file("pid").c_str(), F_OK), 0) << "a dialog was started";
}

TEST_F(PinPrompt, AMissingProgramIsUnavailable) {
    options_.program = "/nonexistent/ias-pinentry";
    PromptResult r = askPin(request_, options_);
    EXPECT_EQ(r.status, PromptStatus::Unavailable);
    EXPECT_NE(r.message.find("/nonexistent/ias-pinentry"), std::string::npos) << r.message;
}

TEST_F(PinPrompt, TheProgramComesFromTheEnvironmentWhenNotGiven) {
    fake("ok", "1357");
    options_.program.clear();
    ::setenv("IAS_PINENTRY", IAS_PINUI_FAKE_DIALOG, 1);
    EXPECT_EQ(defaultPinentryProgram(), IAS_PINUI_FAKE_DIALOG);
    PromptResult r = askPin(request_, options_);
    EXPECT_EQ(r.status, PromptStatus::Ok) << r.message;
}

TEST_F(PinPrompt, TheChildGetsNoArgumentsAFilteredEnvironmentAndNoDescriptor) {
    fake("inspect");
    ::setenv("IAS_PINUI_TEST_SECRET", "must-not-pass", 1);
    ::setenv("LANG", "fr_FR.UTF-8", 1);
    int leaked = ::open("/dev/null", O_RDONLY);  // inheritable on purpose
    ASSERT_GE(leaked, 0);
    ::setenv("IAS_PINENTRY_TEST_FD", std::to_string(leaked).c_str(), 1);
    PromptResult r = askPin(request_, options_);
    ::close(leaked);
    ::unsetenv("LANG");
    EXPECT_EQ(r.status, PromptStatus::Cancelled);
    std::string report = slurp(file("report"));
    EXPECT_NE(report.find("argc=0\n"), std::string::npos) << report;
    EXPECT_NE(report.find("DISPLAY=:fake\n"), std::string::npos) << report;
    EXPECT_NE(report.find("LANG=fr_FR.UTF-8\n"), std::string::npos) << report;
    EXPECT_EQ(report.find("must-not-pass"), std::string::npos) << report;
    EXPECT_EQ(report.find("fd-leaked"), std::string::npos) << report;
    EXPECT_EQ(report.find("\nPATH="), std::string::npos) << report;
}

TEST_F(PinPrompt, AHostThatIgnoresSigchldStillGetsItsAnswer) {
    fake("ok", "9753");
    auto previous = std::signal(SIGCHLD, SIG_IGN);
    PromptResult r = askPin(request_, options_);
    std::signal(SIGCHLD, previous);
    EXPECT_EQ(r.status, PromptStatus::Ok) << r.message;
    EXPECT_EQ(pinText(r.pin), "9753");
}

TEST_F(PinPrompt, ADialogThatDiesBeforeReadingDoesNotKillTheHost) {
    // A dialog program that exits at once: writing the request may hit a closed socket (EPIPE, no SIGPIPE).
    options_.program = "/bin/true";
    auto previous = std::signal(SIGPIPE, SIG_DFL);
    request_.caller = std::string(70, 'x');
    PromptResult r = askPin(request_, options_);
    std::signal(SIGPIPE, previous);
    EXPECT_EQ(r.status, PromptStatus::Unavailable);
}

TEST_F(PinPrompt, AnEntryPromptRefusesAPinPadRequest) {
    fake("ok", "1234");
    request_.mode = DialogMode::PinPad;
    EXPECT_EQ(askPin(request_, options_).status, PromptStatus::Unavailable);
}

TEST_F(PinPrompt, PinPadNoticeShowsThenClosesWhenTold) {
    fake("pinpad");
    {
        PinPadNotice notice = PinPadNotice::show(request_, options_);
        ASSERT_TRUE(notice.shown()) << notice.message();
        EXPECT_TRUE(processExists(dialogPid()));
    }
    EXPECT_EQ(slurp(file("report")), "closed:CLOSE\n");
    EXPECT_FALSE(processExists(dialogPid()));
}

TEST_F(PinPrompt, PinPadNoticeFailureIsReported) {
    fake("error");
    PinPadNotice notice = PinPadNotice::show(request_, options_);
    EXPECT_FALSE(notice.shown());
    EXPECT_NE(notice.message().find("no display"), std::string::npos) << notice.message();
    ::unsetenv("DISPLAY");
    PinPadNotice none = PinPadNotice::show(request_, options_);
    EXPECT_FALSE(none.shown());
    EXPECT_NE(none.message().find("DISPLAY"), std::string::npos) << none.message();
}

TEST(CallingApplication, IsThisTestProgram) {
    EXPECT_EQ(callingApplicationName(), "ias_pinui_protocol_tests");
}
