#pragma once
// How the module obtains PINs that the application does not give, and whether it keeps a verified PIN, from
// the project's configuration file (IAS_ECC_CONF, else /etc/ias-ecc/ias-ecc.conf; docs/pkcs11.md):
//
//   pin.dialog = never | signature | always   # which PINs the module asks itself (default never)
//   pin.dialog_context = yes | no             # signature key without a PIN from the application (yes)
//   pin.dialog_relogin = yes | no             # ask again when the card lost a login (yes)
//   pin.dialog_timeout = 120                  # seconds the user has to answer the dialog
//   pin.cache = no | yes                      # keep the verified PIN to survive a reset (default no)
//   pin.cache_timeout = 300                   # seconds a cached PIN is kept after its verification
//
// Only `pin.` lines are read here; the rest of the file belongs to others.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace ias::p11 {

struct PinSettings {
    // never: every PIN comes from the application (what Firefox, Thunderbird and NSS do today).
    // signature: the signature token reports CKF_PROTECTED_AUTHENTICATION_PATH; the module asks its PIN.
    // always: every token does, the PUK included.
    enum class Dialog { Never, Signature, Always };
    Dialog dialog = Dialog::Never;
    // A context-specific login (or a signature of an always-authenticate key without one) with no PIN from
    // the application asks the user through the dialog, even when the token does not report the path.
    bool contextDialog = true;
    // A logged-in token whose card lost the verification (another process reset it, or the same card was
    // put back: pkcs11/src/CardReturn.cpp) asks the user through the dialog at the next signature or
    // decryption, rather than answering CKR_USER_NOT_LOGGED_IN to an application that may never log in again
    // (ssh-agent). No display: CKR_USER_NOT_LOGGED_IN as before.
    bool reloginDialog = true;
    std::chrono::seconds dialogTimeout{120};
    bool cache = false;
    std::chrono::seconds cacheTimeout{300};
    // Lines that were not understood, for one log line each (the defaults stay in force for them).
    std::vector<std::string> problems;

    // Reads the configuration file; a missing file gives the defaults. Never throws.
    static PinSettings load();
    static PinSettings parse(std::string_view text, const std::string& origin);
};

}  // namespace ias::p11
