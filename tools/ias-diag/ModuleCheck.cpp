// module: the installed PKCS#11 module, loaded the way Firefox loads it (dlopen, C_GetFunctionList,
// C_Initialize, C_GetSlotList, C_GetTokenInfo, C_Finalize), but in a child process (ModuleProbe.h) so a
// module that crashes or hangs cannot take the report with it.
#include <p11-kit/pkcs11.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <sstream>

#include "Checks.h"
#include "ChildProcess.h"

namespace ias::diag {
namespace {

std::vector<std::string> splitTabs(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t tab = s.find('\t', start);
        out.push_back(s.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos) return out;
        start = tab + 1;
    }
}

std::string flagText(unsigned long flags) {
    std::string out;
    auto add = [&](unsigned long bit, const char* name) {
        if (flags & bit) out += (out.empty() ? "" : ", ") + std::string(name);
    };
    add(CKF_LOGIN_REQUIRED, "login required");
    add(CKF_PROTECTED_AUTHENTICATION_PATH, "protected authentication path");
    add(CKF_USER_PIN_COUNT_LOW, "PIN count low");
    add(CKF_USER_PIN_FINAL_TRY, "PIN final try");
    add(CKF_USER_PIN_LOCKED, "PIN locked");
    add(CKF_SO_PIN_COUNT_LOW, "PUK count low");
    add(CKF_SO_PIN_FINAL_TRY, "PUK final try");
    add(CKF_SO_PIN_LOCKED, "PUK locked");
    return out;
}

// The last stderr line of the child that says something (the module's or the sanitizer's own words).
std::string lastErrorLine(const std::string& err) {
    std::istringstream in(err);
    std::string line, last;
    while (std::getline(in, line))
        if (line.find_first_not_of(" \t") != std::string::npos) last = line;
    return last.size() > 200 ? last.substr(0, 200) + "…" : last;
}

}  // namespace

CheckResult checkModule(const DiagOptions& options, const Privacy& privacy, const PcscFindings& pcsc) {
    CheckResult r{"module", tr("PKCS#11 module"), Status::Ok, "", "", {}};
    const std::string& path = options.modulePath;
    Detail m{"module", {}};
    m.add("path", privacy.path(path));
    if (::access(path.c_str(), F_OK) != 0) {
        m.add("present", "no");
        r.details.push_back(std::move(m));
        r.finding = trf("the module %1 does not exist", {privacy.path(path)});
        r.problem(Status::Fail, tr("Install the middleware package again (sudo apt install --reinstall with "
                                   "the package's .deb), or name the module with --module PATH."));
        return r;
    }
    m.add("present", "yes");
    const ChildOutcome o = runChild({options.selfExecutable, "--probe-module", path}, options.timeout);
    std::string lastStep = "start", errorStep, errorText;
    bool done = false;
    int tokens = 0;
    std::istringstream lines(o.out);
    for (std::string line; std::getline(lines, line);) {
        const std::size_t sp = line.find(' ');
        const std::string kind = line.substr(0, sp);
        const std::vector<std::string> f = splitTabs(sp == std::string::npos ? "" : line.substr(sp + 1));
        if (kind == "step") {
            lastStep = f[0];
        } else if (kind == "done") {
            done = true;
        } else if (kind == "error" && f.size() >= 2) {
            errorStep = f[0];
            errorText = f[1];
        } else if (kind == "library" && f.size() >= 4) {
            m.add("cryptoki_version", f[0])
                .add("manufacturer", f[1])
                .add("description", f[2])
                .add("library_version", f[3]);
        } else if (kind == "slot" && f.size() >= 3) {
            r.details.push_back(Detail{"slot", {}}
                                    .add("id", f[0])
                                    .add("description", f[1])
                                    .add("token_present", f[2] == "1" ? "yes" : "no"));
        } else if (kind == "token" && f.size() >= 4) {
            ++tokens;
            const unsigned long flags = std::strtoul(f[3].c_str(), nullptr, 16);
            r.details.push_back(Detail{"token", {}}
                                    .add("slot", f[0])
                                    .add("label", f[1])
                                    .add("serial", privacy.personal(f[2]))
                                    .add("flags", flagText(flags)));
            if (flags & CKF_USER_PIN_LOCKED)
                r.problem(Status::Fail,
                          trf("Token \"%1\": the PIN is locked; unblock it with the PUK.", {f[1]}));
            else if (flags & (CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_COUNT_LOW))
                r.problem(Status::Warn,
                          (flags & CKF_USER_PIN_FINAL_TRY)
                              ? trf("Token \"%1\": one PIN try left: type the PIN carefully; a correct PIN "
                                    "restores the count.",
                                    {f[1]})
                              : trf("Token \"%1\": a wrong PIN was entered before: type the PIN carefully; a "
                                    "correct PIN restores the count.",
                                    {f[1]}));
            if (flags & CKF_SO_PIN_LOCKED)
                r.problem(Status::Fail,
                          trf("Token \"%1\": the PUK is locked; the card cannot be unblocked.", {f[1]}));
        }
    }
    r.details.insert(r.details.begin(), std::move(m));
    const std::string said = lastErrorLine(o.err);
    if (!o.started) {
        r.finding = trf("the module probe could not start: %1", {o.startError});
        r.problem(Status::Fail, tr("Run the report as an ordinary user from a normal shell."));
        return r;
    }
    if (o.timedOut) {
        r.finding = trf("module hangs in %1 (killed after %2 s)",
                        {lastStep, std::to_string(options.timeout.count() / 1000)});
        r.problem(Status::Fail, tr("The module does not answer: restart pcscd (sudo systemctl restart "
                                   "pcscd.service), take the card out and in again; if it stays, send this "
                                   "report to the support desk."));
        return r;
    }
    if (o.signalled || (!done && errorStep.empty())) {
        const std::string how = o.signalled
                                    ? trf("signal %1, %2", {std::to_string(o.signal), ::strsignal(o.signal)})
                                    : trf("exit status %1", {std::to_string(o.exitStatus)});
        r.finding = trf("module crashed in %1 (%2)", {lastStep, how}) + (said.empty() ? "" : ": " + said);
        r.problem(Status::Fail,
                  tr("The module crashes when it is loaded: Firefox would crash or lose the card "
                     "too. Reinstall the middleware package; if it stays, send this report to "
                     "the support desk."));
        return r;
    }
    if (!errorStep.empty()) {
        r.finding = trf("module failed at %1: %2", {errorStep, errorText});
        if (errorStep == "dlopen")
            r.problem(Status::Fail, tr("The module cannot be loaded (a missing library or a file of another "
                                       "architecture): reinstall the middleware package."));
        else
            r.problem(Status::Fail,
                      tr("The module refuses to start: check the configuration check below, then "
                         "reinstall the middleware package."));
        return r;
    }
    r.finding = trnf("module loads; %1 token", "module loads; %1 tokens", static_cast<unsigned long>(tokens),
                     {std::to_string(tokens)});
    if (pcsc.cardFound && tokens == 0)
        r.problem(Status::Warn,
                  tr("The card was read but the module shows no token: take the card out and in "
                     "again; if it stays, send this report to the support desk."));
    return r;
}

}  // namespace ias::diag
