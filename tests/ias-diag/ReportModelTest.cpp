// The report's model and renderers: exit code from the statuses, the JSON's escaping, anonymised values.
#include <gtest/gtest.h>

#include "Check.h"
#include "Privacy.h"
#include "Render.h"

namespace ias::diag {
namespace {

Report reportWith(std::initializer_list<Status> statuses) {
    Report r;
    int n = 0;
    for (Status s : statuses) r.checks.push_back(CheckResult{"c" + std::to_string(n++), "t", s, "f", "", {}});
    return r;
}

TEST(ReportModel, ExitCodeFollowsTheWorstStatus) {
    EXPECT_EQ(reportWith({Status::Ok, Status::Skip}).exitCode(), 0);
    EXPECT_EQ(reportWith({Status::Ok, Status::Warn, Status::Skip}).exitCode(), 1);
    EXPECT_EQ(reportWith({Status::Warn, Status::Fail, Status::Ok}).exitCode(), 2);
    EXPECT_EQ(reportWith({}).exitCode(), 0);
}

TEST(ReportModel, ProblemRaisesTheStatusAndCollectsAdviceOnce) {
    CheckResult c{"x", "X", Status::Ok, "", "", {}};
    c.problem(Status::Warn, "Do A.");
    c.problem(Status::Warn, "Do A.");
    c.problem(Status::Fail, "Do B.");
    c.problem(Status::Warn, "Do C.");
    EXPECT_EQ(c.status, Status::Fail);
    EXPECT_EQ(c.advice, "Do A. Do B. Do C.");
}

TEST(ReportModel, JsonStringsAreEscaped) {
    EXPECT_EQ(jsonString("a\"b\\c"), "\"a\\\"b\\\\c\"");
    EXPECT_EQ(jsonString("l1\nl2\t\x01"), "\"l1\\nl2\\t\\u0001\"");
    EXPECT_EQ(jsonString("caf\xC3\xA9"), "\"caf\xC3\xA9\"");        // valid UTF-8 passes
    EXPECT_EQ(jsonString("bad\xFF\xC3"), "\"bad\\ufffd\\ufffd\"");  // invalid bytes replaced
}

TEST(ReportModel, JsonHoldsEveryCheckAndTheSummary) {
    Report r = reportWith({Status::Ok, Status::Fail});
    r.checks[1].details.push_back(Detail{"pin", {}}.add("label", "Auth PIN").add("tries_left", "2"));
    const std::string json = renderJson(r);
    EXPECT_NE(json.find("\"id\": \"c0\""), std::string::npos);
    EXPECT_NE(json.find("\"status\": \"FAIL\""), std::string::npos);
    EXPECT_NE(json.find("{\"kind\": \"pin\", \"label\": \"Auth PIN\", \"tries_left\": \"2\"}"),
              std::string::npos);
    EXPECT_NE(json.find("\"exit\": 2"), std::string::npos);
}

TEST(ReportModel, TextHasOneLinePerCheckAdviceAndSummary) {
    Report r = reportWith({Status::Ok, Status::Warn});
    r.checks[1].advice = "Fix it.";
    const std::string text = renderText(r, false);
    EXPECT_NE(text.find("[OK]   c0"), std::string::npos);
    EXPECT_NE(text.find("[WARN] c1"), std::string::npos);
    EXPECT_NE(text.find("- c1 (WARN): Fix it."), std::string::npos);
    EXPECT_NE(text.find("Summary: 1 OK, 1 WARN, 0 FAIL, 0 SKIP"), std::string::npos);
}

// SHA-256("abc") = ba7816bf8f01cfea… (FIPS 180-2, appendix B.1).
TEST(Privacy, AnonymisedValueIsAShortSha256) {
    EXPECT_EQ(anonymised("abc"), "anon:ba7816bf8f01");
    const Privacy on(true, "/home/jane"), off(false, "/home/jane");
    EXPECT_EQ(on.personal("abc"), "anon:ba7816bf8f01");
    EXPECT_EQ(off.personal("abc"), "abc");
    EXPECT_EQ(on.path("/home/jane/.mozilla"), "~/.mozilla");
    EXPECT_EQ(on.path("/home/janet/x"), "/home/janet/x");
}

}  // namespace
}  // namespace ias::diag
