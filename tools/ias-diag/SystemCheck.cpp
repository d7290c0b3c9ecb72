// system: the distribution (/etc/os-release), the middleware's version and the machine's architecture. The
// package is built and tested for Debian 12 on amd64; anything else is worth knowing, not an error.
#include <sys/utsname.h>

#include <fstream>

#include "Checks.h"

namespace ias::diag {
namespace {

// KEY="value" lines of os-release(5).
std::string osReleaseValue(const std::string& file, const std::string& key) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (!line.starts_with(key + "=")) continue;
        std::string v = line.substr(key.size() + 1);
        if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
            v = v.substr(1, v.size() - 2);
        return v;
    }
    return {};
}

// The version of an installed Debian package, from dpkg's status file; empty when it is not installed.
std::string installedVersion(const std::string& statusFile, const std::string& package) {
    std::ifstream in(statusFile);
    std::string line, version;
    bool inPackage = false, installed = false;
    while (std::getline(in, line)) {
        if (line.empty()) {
            if (inPackage && installed) return version;
            inPackage = installed = false;
            version.clear();
        } else if (line.starts_with("Package: ")) {
            inPackage = line.substr(9) == package;
        } else if (inPackage && line.starts_with("Status: ")) {
            installed = line.ends_with(" installed");
        } else if (inPackage && line.starts_with("Version: ")) {
            version = line.substr(9);
        }
    }
    return inPackage && installed ? version : std::string();
}

}  // namespace

CheckResult checkSystem(const DiagOptions& options) {
    CheckResult r{"system", tr("System"), Status::Ok, "", "", {}};
    const std::string pretty = osReleaseValue(options.osRelease, "PRETTY_NAME");
    const std::string id = osReleaseValue(options.osRelease, "ID");
    const std::string version = osReleaseValue(options.osRelease, "VERSION_ID");
    struct utsname u {};
    const std::string machine = ::uname(&u) == 0 ? u.machine : "unknown";
    const std::string kernel = ::uname(&u) == 0 ? u.release : "unknown";
    r.details.push_back(Detail{"system", {}}
                            .add("distribution", pretty.empty() ? "unknown" : pretty)
                            .add("id", id)
                            .add("version_id", version)
                            .add("architecture", machine)
                            .add("kernel", kernel)
                            .add("middleware", IAS_DIAG_VERSION)
                            .add("package", [&] {
                                const std::string v = installedVersion(options.dpkgStatus, "ias-ecc");
                                return v.empty() ? std::string("ias-ecc not installed") : "ias-ecc " + v;
                            }()));
    r.finding = trf("%1, %2, middleware %3",
                    {pretty.empty() ? tr("unknown distribution") : pretty, machine, IAS_DIAG_VERSION});
    if (pretty.empty())
        r.problem(Status::Warn,
                  trf("The distribution could not be identified (%1 is missing): the middleware "
                      "is built and tested for Debian 12.",
                      {options.osRelease}));
    else if (id != "debian" || version != "12")
        r.problem(Status::Warn, trf("The middleware is built and tested for Debian 12 (bookworm); on %1 use "
                                    "the package built for that system, or report the problem with this "
                                    "report.",
                                    {pretty}));
    if (machine != "x86_64")
        r.problem(Status::Warn,
                  trf("The package is built for amd64 (x86_64); this machine is %1.", {machine}));
    return r;
}

CheckResult skipped(std::string id, std::string title, std::string reason) {
    return CheckResult{std::move(id), std::move(title), Status::Skip, std::move(reason), "", {}};
}

}  // namespace ias::diag
