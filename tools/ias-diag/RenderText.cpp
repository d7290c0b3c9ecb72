#include <sstream>

#include "Render.h"
#include "Translation.h"

namespace ias::diag {

std::string renderText(const Report& report, bool verbose) {
    std::ostringstream out;
    out << (report.anonymised ? trf("IAS-ECC middleware diagnostic report (ias-diag %1, %2, anonymised)",
                                    {report.version, report.generated})
                              : trf("IAS-ECC middleware diagnostic report (ias-diag %1, %2)",
                                    {report.version, report.generated}))
        << "\n\n";
    std::size_t width = 0;
    for (const CheckResult& c : report.checks) width = std::max(width, c.id.size());
    for (const CheckResult& c : report.checks) {
        const std::string status = toString(c.status);
        out << "[" << status << "]" << std::string(5 - status.size(), ' ') << c.id
            << std::string(width - c.id.size() + 2, ' ') << c.finding << "\n";
        if (!verbose) continue;
        for (const Detail& d : c.details) {
            out << "         " << d.kind << ":";
            for (const auto& [name, value] : d.fields) out << " " << detailLabel(name) << "=" << value << ";";
            out << "\n";
        }
    }
    bool heading = false;
    for (const CheckResult& c : report.checks) {
        if (c.advice.empty() || c.status == Status::Ok || c.status == Status::Skip) continue;
        if (!heading) out << "\n" << tr("What to do:") << "\n";
        heading = true;
        out << "- " << c.id << " (" << toString(c.status) << "): " << c.advice << "\n";
    }
    const std::initializer_list<std::string> counts = {
        std::to_string(report.count(Status::Ok)), std::to_string(report.count(Status::Warn)),
        std::to_string(report.count(Status::Fail)), std::to_string(report.count(Status::Skip))};
    switch (report.exitCode()) {
        case 0:
            out << "\n"
                << trf("Summary: %1 OK, %2 WARN, %3 FAIL, %4 SKIP: the installation looks healthy.", counts);
            break;
        case 1:
            out << "\n"
                << trf("Summary: %1 OK, %2 WARN, %3 FAIL, %4 SKIP: it works, with the warnings above.",
                       counts);
            break;
        default:
            out << "\n"
                << trf("Summary: %1 OK, %2 WARN, %3 FAIL, %4 SKIP: the card cannot work until the failures "
                       "above "
                       "are fixed.",
                       counts);
    }
    out << "\n";
    if (!verbose)
        out << tr("(ias-diag --verbose lists what each check found; --json for the support desk's tools.)")
            << "\n";
    return out.str();
}

}  // namespace ias::diag
