#include "Texts.h"

#include <libintl.h>

#include <cstdio>

namespace ias::diaggtk {

std::string statusWord(ias::diag::Status status) {
    switch (status) {
        case ias::diag::Status::Ok:
            return tr("OK");
        case ias::diag::Status::Warn:
            return tr("WARN");
        case ias::diag::Status::Fail:
            return tr("FAIL");
        case ias::diag::Status::Skip:
            return tr("SKIP");
    }
    return {};
}

std::string summaryText(const ias::diag::Report& report) {
    using ias::diag::Status;
    std::string out;
    auto add = [&out](int n, const char* pattern) {
        if (n == 0) return;
        char text[128];
        std::snprintf(text, sizeof text, pattern, n);
        out += (out.empty() ? "" : ", ") + std::string(text);
    };
    auto n = [&report](Status s) { return report.count(s); };
    auto u = [&n](Status s) { return static_cast<unsigned long>(n(s)); };
    add(n(Status::Ok), ::ngettext("%d check OK", "%d checks OK", u(Status::Ok)));
    add(n(Status::Warn), ::ngettext("%d warning", "%d warnings", u(Status::Warn)));
    add(n(Status::Fail), ::ngettext("%d failure", "%d failures", u(Status::Fail)));
    add(n(Status::Skip), ::ngettext("%d skipped", "%d skipped", u(Status::Skip)));
    return out;
}

}  // namespace ias::diaggtk
