#pragma once
// The exit codes scripts rely on (docs/ias-tool.md, "Exit codes") and the one function that turns any
// error into its code and a message on stderr.
#include <exception>
#include <stdexcept>
#include <string>

namespace ias::tool {

enum class Exit : int {
    Ok = 0,
    Internal = 1,        // a bug or an unexpected failure
    Usage = 2,           // wrong command line
    NoCard = 3,          // no reader, no card, card removed, pcscd not running
    WrongPin = 4,        // the card refused the PIN (the message says how many tries are left)
    PinBlocked = 5,      // the PIN (or PUK) is blocked
    CardError = 6,       // any other refusal or malformed answer of the card
    SmFailure = 7,       // secure messaging failed (wrong or missing SM keys, bad MAC …)
    NotFound = 8,        // no PIN, key or certificate with that identifier
    NotSupported = 9,    // the key or card cannot do that (mechanism, decipher …)
    InputOutput = 10,    // a file could not be read or written, or its content is unusable
    PinNotGiven = 11,    // the PIN was needed but not given, or refused before reaching the card
    Configuration = 12,  // the configuration file (IAS_ECC_CONF) is unreadable or malformed
    // challenge verify (docs/challenge-response.md):
    ChallengeRefused =
        13,  // the challenge was used before, is older than --max-age or not from this verifier
    SignatureRefused = 14,  // the signature is not over this context and challenge with the certificate's key
    CertificateRefused = 15,  // the certificate does not chain to the anchors, is not valid now, or its key
                              // usage lacks digitalSignature
};

// An error the tool itself decides, with its exit code.
class ToolError : public std::runtime_error {
public:
    ToolError(Exit code, const std::string& message) : std::runtime_error(message), code_(code) {}
    Exit code() const { return code_; }

private:
    Exit code_;
};

class UsageError : public ToolError {
public:
    explicit UsageError(const std::string& message) : ToolError(Exit::Usage, message) {}
};

// The name messages start with ("ias-tool", "ias-sign"): set once by main() before anything else.
void setProgramName(const char* name);
const char* programName();

// What an exception means for the user: its exit code, the message (without the program's name) and, for a
// wrong PIN, the tries left (-1 otherwise). The windows that share the tools' flows show it in their words.
struct ErrorReport {
    Exit code = Exit::Internal;
    std::string message;
    int triesLeft = -1;
};
ErrorReport describeError(std::exception_ptr error);

// Prints "<program>: <message>" to stderr and returns the exit code for the current exception.
int reportError(std::exception_ptr error);

}  // namespace ias::tool
