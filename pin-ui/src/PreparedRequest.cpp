#include "PreparedRequest.h"

#include <unistd.h>
#include <cstdlib>

namespace ias::pinui {

namespace {

bool hasDisplay() {
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY"}) {
        const char* v = std::getenv(name);
        if (v != nullptr && *v != '\0') return true;
    }
    return false;
}

}  // namespace

std::string defaultPinentryProgram() {
    const char* env = std::getenv("IAS_PINENTRY");
    if (env != nullptr && *env != '\0') return env;
    return IAS_PINENTRY_INSTALLED_PATH;
}

namespace detail {

std::string prepareRequest(PinRequest request, const PromptOptions& options, std::string& program,
                           std::string& error) {
    // Checked here so that a session without a display fails at once instead of waiting on a dialog that
    // cannot appear.
    if (!hasDisplay()) {
        error = "no graphical display (DISPLAY and WAYLAND_DISPLAY are unset): cannot ask for the PIN";
        return {};
    }
    program = options.program.empty() ? defaultPinentryProgram() : options.program;
    if (::access(program.c_str(), X_OK) != 0) {
        error = "PIN dialog program " + program + " is missing or not executable";
        return {};
    }
    if (request.caller.empty()) request.caller = callingApplicationName();
    try {
        return encodeRequest(request);
    } catch (const ProtocolError& e) {
        error = std::string("cannot ask for the PIN: ") + e.what();
        return {};
    }
}

}  // namespace detail
}  // namespace ias::pinui
