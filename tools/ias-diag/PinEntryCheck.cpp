// pinentry: the PIN dialog the module starts when it asks a PIN itself (pin.dialog, pin.dialog_context):
// $IAS_PINENTRY, else the installed path — the rule of pin-ui's defaultPinentryProgram(), with the same
// compiled-in path (tools/ias-diag/CMakeLists.txt takes it from the install layout as pin-ui does).
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "Checks.h"

namespace ias::diag {

CheckResult checkPinEntry(const DiagOptions&, const EffectiveSettings& settings) {
    CheckResult r{"pinentry", tr("PIN dialog (ias-pinentry)"), Status::Ok, "", "", {}};
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
        r.finding = trf("%1 is there", {program});
    } else {
        r.finding = present ? trf("%1 is not executable", {program}) : trf("%1 is missing", {program});
        const std::string fix =
            fromEnv
                ? trf("Reinstall the middleware package (it installs %1), or unset IAS_PINENTRY.",
                      {IAS_PINENTRY_INSTALLED_PATH})
                : trf("Reinstall the middleware package (it installs %1).", {IAS_PINENTRY_INSTALLED_PATH});
        if (needed)
            r.problem(Status::Fail, trf("pin.dialog = %1: the module asks PINs in this dialog, so logins "
                                        "fail.",
                                        {settings.pinDialog}) +
                                        " " + fix);
        else if (settings.contextDialog)
            r.problem(Status::Warn,
                      tr("The module asks the signature PIN in this dialog when an application does "
                         "not give it (pin.dialog_context = yes): such signatures fail.") +
                          " " + fix);
        return r;
    }
    if ((needed || settings.contextDialog) && !graphical) {
        r.finding += tr("; no graphical display in this session");
        if (needed)
            r.problem(Status::Warn,
                      tr("DISPLAY and WAYLAND_DISPLAY are unset here: run the report from the desktop "
                         "session (the dialog needs one)."));
    }
    return r;
}

}  // namespace ias::diag
