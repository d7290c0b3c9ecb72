// pinentry: the PIN dialog the module starts when it asks a PIN itself (pin.dialog, pin.dialog_context):
// $IAS_PINENTRY, else the installed path — the rule of pin-ui's defaultPinentryProgram(), with the same
// compiled-in path (tools/ias-diag/CMakeLists.txt takes it from the install layout as pin-ui does).
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "Checks.h"

namespace ias::diag {

CheckResult checkPinEntry(const DiagOptions&, const EffectiveSettings& settings) {
    CheckResult r{"pinentry", "PIN dialog (ias-pinentry)", Status::Ok, "", "", {}};
    const char* env = std::getenv("IAS_PINENTRY");
    const bool fromEnv = env != nullptr && *env != '\0';
    const std::string program = fromEnv ? env : IAS_PINENTRY_INSTALLED_PATH;
    const bool needed = settings.pinDialog != "never";
    struct stat st {};
    const bool present = ::stat(program.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    const bool executable = present && ::access(program.c_str(), X_OK) == 0;
    const char* display = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    const bool graphical = (display && *display) || (wayland && *wayland);
    r.details.push_back(
        Detail{"pinentry", {}}
            .add("path", program)
            .add("named_by", fromEnv ? "IAS_PINENTRY" : "installed path")
            .add("state", executable ? "executable" : (present ? "not executable" : "missing"))
            .add("pin.dialog", settings.pinDialog)
            .add("pin.dialog_context", settings.contextDialog ? "yes" : "no")
            .add("display", graphical ? "yes" : "no"));
    if (executable) {
        r.finding = program + " is there";
    } else {
        r.finding = program + (present ? " is not executable" : " is missing");
        const std::string fix = "Reinstall the middleware package (it installs " +
                                std::string(IAS_PINENTRY_INSTALLED_PATH) + ")" +
                                (fromEnv ? ", or unset IAS_PINENTRY." : ".");
        if (needed)
            r.problem(Status::Fail, "pin.dialog = " + settings.pinDialog +
                                        ": the module asks PINs in this dialog, so logins fail. " + fix);
        else if (settings.contextDialog)
            r.problem(Status::Warn,
                      "The module asks the signature PIN in this dialog when an application does "
                      "not give it (pin.dialog_context = yes): such signatures fail. " +
                          fix);
        return r;
    }
    if ((needed || settings.contextDialog) && !graphical) {
        r.finding += "; no graphical display in this session";
        if (needed)
            r.problem(Status::Warn,
                      "DISPLAY and WAYLAND_DISPLAY are unset here: run the report from the desktop "
                      "session (the dialog needs one).");
    }
    return r;
}

}  // namespace ias::diag
