#include <sstream>

#include "Render.h"

namespace ias::diag {

std::string renderText(const Report& report, bool verbose) {
    std::ostringstream out;
    out << "IAS-ECC middleware diagnostic report (ias-diag " << report.version << ", " << report.generated
        << (report.anonymised ? ", anonymised" : "") << ")\n\n";
    std::size_t width = 0;
    for (const CheckResult& c : report.checks) width = std::max(width, c.id.size());
    for (const CheckResult& c : report.checks) {
        const std::string status = toString(c.status);
        out << "[" << status << "]" << std::string(5 - status.size(), ' ') << c.id
            << std::string(width - c.id.size() + 2, ' ') << c.finding << "\n";
        if (!verbose) continue;
        for (const Detail& d : c.details) {
            out << "         " << d.kind << ":";
            for (const auto& [name, value] : d.fields) out << " " << name << "=" << value << ";";
            out << "\n";
        }
    }
    bool heading = false;
    for (const CheckResult& c : report.checks) {
        if (c.advice.empty() || c.status == Status::Ok || c.status == Status::Skip) continue;
        if (!heading) out << "\nWhat to do:\n";
        heading = true;
        out << "- " << c.id << " (" << toString(c.status) << "): " << c.advice << "\n";
    }
    out << "\nSummary: " << report.count(Status::Ok) << " OK, " << report.count(Status::Warn) << " WARN, "
        << report.count(Status::Fail) << " FAIL, " << report.count(Status::Skip) << " SKIP";
    switch (report.exitCode()) {
        case 0:
            out << ": the installation looks healthy.\n";
            break;
        case 1:
            out << ": it works, with the warnings above.\n";
            break;
        default:
            out << ": the card cannot work until the failures above are fixed.\n";
    }
    if (!verbose)
        out << "(ias-diag --verbose lists what each check found; --json for the support desk's tools.)\n";
    return out.str();
}

}  // namespace ias::diag
