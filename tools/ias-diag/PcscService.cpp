// pcsc: can a PC/SC context be made? When not, why: pcscd not installed, its socket missing (the service is
// stopped, or PCSCLITE_CSOCK_NAME names a socket that is not there), or the service not answering.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "Bounded.h"
#include "Checks.h"
#include "ias/apdu/PcscTransport.h"
#include "ias/apdu/Transport.h"

namespace ias::diag {
namespace {

// Where libpcsclite connects: $PCSCLITE_CSOCK_NAME, else its compiled-in default.
std::string pcscSocket(bool& fromEnvironment) {
    const char* env = std::getenv("PCSCLITE_CSOCK_NAME");
    fromEnvironment = env != nullptr && *env != '\0';
    return fromEnvironment ? env : "/run/pcscd/pcscd.comm";
}

bool exists(const char* path) {
    return ::access(path, F_OK) == 0;
}

}  // namespace

CheckResult checkPcscService(const DiagOptions& options, PcscFindings& pcsc) {
    CheckResult r{"pcsc", tr("PC/SC service (pcscd)"), Status::Ok, "", "", {}};
    bool fromEnv = false;
    const std::string socket = pcscSocket(fromEnv);
    struct stat st {};
    const bool socketThere = ::stat(socket.c_str(), &st) == 0;
    const bool isSocket = socketThere && S_ISSOCK(st.st_mode);
    const bool installed = exists("/usr/sbin/pcscd") || exists("/usr/bin/pcscd");
    Detail d{"service", {}};
    d.add("socket", socket)
        .add("socket_from", fromEnv ? "PCSCLITE_CSOCK_NAME" : "default")
        .add("socket_present", isSocket ? "yes" : (socketThere ? "not a socket" : "no"))
        .add("pcscd_installed", installed ? "yes" : "no");

    std::string error;
    try {
        auto made = runBounded<std::shared_ptr<PcscContext>>(options.timeout,
                                                             [] { return std::make_shared<PcscContext>(); });
        if (made)
            pcsc.context = *made;
        else
            error = trf("SCardEstablishContext did not return within %1 s",
                        {std::to_string(options.timeout.count() / 1000)});
    } catch (const std::exception& e) {
        error = e.what();
    }
    d.add("context", pcsc.context ? "established" : "failed");
    r.details.push_back(std::move(d));
    if (pcsc.context) {
        r.finding = trf("pcscd answers on %1", {socket});
        return r;
    }
    r.finding = trf("no PC/SC context: %1", {error});
    if (!installed && !fromEnv)
        r.problem(Status::Fail, tr("Install the smart-card service: sudo apt install pcscd."));
    else if (!isSocket && fromEnv)
        r.problem(Status::Fail, trf("PCSCLITE_CSOCK_NAME names %1, which is not a pcscd socket: unset "
                                    "PCSCLITE_CSOCK_NAME, or start the pcscd that should listen there.",
                                    {socket}));
    else if (!isSocket)
        r.problem(Status::Fail,
                  tr("The smart-card service is not running: start pcscd: sudo systemctl start pcscd.socket "
                     "(and sudo systemctl enable pcscd.socket to have it at every start)."));
    else
        r.problem(Status::Fail,
                  tr("pcscd's socket is there but the service does not answer: restart it: sudo systemctl "
                     "restart pcscd.socket pcscd.service."));
    return r;
}

}  // namespace ias::diag
