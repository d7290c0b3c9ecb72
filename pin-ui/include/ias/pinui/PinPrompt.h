#pragma once
// Client side of the PIN dialog: starts ias-pinentry with posix_spawn (never fork: this code runs inside
// browsers), hands it a request over a socket pair, and reads the single answer straight into secure memory.
// No GTK here: the PKCS#11 module links this library.
#include <chrono>
#include <memory>
#include <string>

#include "ias/apdu/SecureBuffer.h"
#include "ias/pinui/PinRequest.h"

namespace ias::pinui {

namespace detail {
class DialogProcess;
}

struct PromptOptions {
    // The dialog program. Empty: $IAS_PINENTRY if set, else the installed libexec path.
    std::string program;
    // How long the user has to answer; then the dialog is closed and the prompt counts as cancelled.
    std::chrono::milliseconds timeout{std::chrono::minutes(2)};
};

enum class PromptStatus {
    Ok,           // pin holds what the user typed
    Cancelled,    // the user cancelled, closed the window, or did not answer in time
    Unavailable,  // no display, no dialog program, or the dialog failed: message says why
};

struct PromptResult {
    PromptStatus status = PromptStatus::Unavailable;
    SecureBuffer pin;     // only with Ok
    std::string message;  // why, for Cancelled/Unavailable (for a log line; never holds the PIN)
};

// Shows the dialog and waits for the user's answer (blocking, at most options.timeout). Never throws for
// anything the dialog or the environment does; the child process is always reaped before returning.
PromptResult askPin(const PinRequest& request, const PromptOptions& options = {});

// The "type your PIN on the reader" notice for PIN-pad readers, shown while the reader waits for the PIN.
// Destroying (or close()) takes the window down and reaps the process.
class PinPadNotice {
public:
    // Starts the notice and waits (up to a few seconds) until the window is shown or the dialog failed.
    static PinPadNotice show(const PinRequest& request, const PromptOptions& options = {});

    PinPadNotice(PinPadNotice&& other) noexcept;
    PinPadNotice& operator=(PinPadNotice&& other) noexcept;
    PinPadNotice(const PinPadNotice&) = delete;
    PinPadNotice& operator=(const PinPadNotice&) = delete;
    ~PinPadNotice();

    bool shown() const { return process_ != nullptr; }
    const std::string& message() const { return message_; }
    // Tells the notice to close, waits briefly, then kills it if needed; idempotent.
    void close();

private:
    PinPadNotice();
    std::unique_ptr<detail::DialogProcess> process_;
    std::string message_;
};

// The installed dialog program, or $IAS_PINENTRY when set.
std::string defaultPinentryProgram();

// The name of the running application for "who asks": /proc/self/exe's file name, else argv[0] from
// /proc/self/cmdline, with a readable name for well-known programs (firefox-esr → Firefox); empty if unknown.
std::string callingApplicationName();

}  // namespace ias::pinui
