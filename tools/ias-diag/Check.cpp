#include "Check.h"

namespace ias::diag {
namespace {

int rank(Status s) {
    switch (s) {
        case Status::Skip:
            return 0;
        case Status::Ok:
            return 1;
        case Status::Warn:
            return 2;
        case Status::Fail:
            return 3;
    }
    return 3;
}

}  // namespace

const char* toString(Status status) {
    switch (status) {
        case Status::Ok:
            return "OK";
        case Status::Warn:
            return "WARN";
        case Status::Fail:
            return "FAIL";
        case Status::Skip:
            return "SKIP";
    }
    return "FAIL";
}

Status worse(Status a, Status b) {
    return rank(a) >= rank(b) ? a : b;
}

void CheckResult::problem(Status level, const std::string& adviceSentence) {
    status = worse(status, level);
    if (adviceSentence.empty() || advice.find(adviceSentence) != std::string::npos) return;
    if (!advice.empty()) advice += " ";
    advice += adviceSentence;
}

int Report::exitCode() const {
    if (count(Status::Fail) > 0) return 2;
    if (count(Status::Warn) > 0) return 1;
    return 0;
}

int Report::count(Status status) const {
    int n = 0;
    for (const CheckResult& c : checks) n += c.status == status ? 1 : 0;
    return n;
}

const CheckResult* Report::find(const std::string& id) const {
    for (const CheckResult& c : checks)
        if (c.id == id) return &c;
    return nullptr;
}

}  // namespace ias::diag
