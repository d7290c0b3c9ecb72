#pragma once
// One check of the diagnostic report (docs/ias-diag.md): what was looked at, how it went, one line of finding
// and what the user should do. The model is shared by the text and JSON renderers (and a later GTK
// front-end); nothing here knows how it is shown.
#include <string>
#include <utility>
#include <vector>

namespace ias::diag {

enum class Status { Ok, Warn, Fail, Skip };

// "OK", "WARN", "FAIL", "SKIP": the spelling of the text report and of the JSON "status" values.
const char* toString(Status status);
// The worse of two (FAIL > WARN > OK > SKIP).
Status worse(Status a, Status b);

// A listed item of a check (a reader, a PIN, a certificate, a profile …) as ordered name/value fields.
struct Detail {
    std::string kind;
    std::vector<std::pair<std::string, std::string>> fields;
    Detail& add(std::string name, std::string value) {
        fields.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

struct CheckResult {
    std::string id;     // stable: system, pcsc, readers, card, module, configuration, registration, pinentry
    std::string title;  // for people
    Status status = Status::Skip;
    std::string finding;  // one line
    std::string advice;   // what to do; empty when nothing is to be done
    std::vector<Detail> details;

    // Records a problem: the status becomes at least `status`, the advice grows by one sentence.
    void problem(Status level, const std::string& adviceSentence);
};

struct Report {
    std::string version;    // of ias-diag (the middleware's version)
    std::string generated;  // UTC, ISO 8601
    bool anonymised = false;
    std::vector<CheckResult> checks;

    // 0 when all checks are OK or SKIP, 1 when some WARN, 2 when some FAIL.
    int exitCode() const;
    int count(Status status) const;
    const CheckResult* find(const std::string& id) const;
};

}  // namespace ias::diag
