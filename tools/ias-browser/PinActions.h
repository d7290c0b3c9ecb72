#pragma once
// The PIN flows started from the card page, each its one implementation elsewhere, so that no PIN ever
// enters this process: change and unblock are ias-pin-change's window; a PIN test is `ias-tool pin verify
// --pin-dialog` (the PIN typed in the desktop's ias-pinentry, verified by IAS-API's Card::verifyPin, the
// card's answer as ias-tool's exit status).
#include <functional>
#include <string>

namespace ias::browser {

// ias-pin-change on this reader and PIN (it offers the unblock itself when the PIN is blocked).
// False with `error` when it could not be started.
bool startPinChange(const std::string& reader, const std::string& authIdHex, const std::string& language,
                    std::string& error);

// A PIN test; `done` gets ias-tool's exit status (0 correct, 4 wrong, 5 blocked, 11 not given) on GTK's
// main loop when the test is over.
bool startPinTest(const std::string& reader, const std::string& authIdHex, const std::string& language,
                  std::function<void(int exitStatus)> done, std::string& error);

}  // namespace ias::browser
