#pragma once
// The errors of the card layer that are not a card's status word. Card answers keep their own typed
// errors (ias::CardError and its kinds, PinIncorrect with tries left, ias::sm::SmError), transport failures
// theirs (ias::CardRemovedError, ias::ReaderUnavailableError), malformed card content Pkcs15Error; the
// PKCS#11 module maps these kinds, never message texts.
#include <stdexcept>
#include <string>

namespace ias::api {

enum class ApiErrorKind {
    PinFormat,          // empty PIN, wrong length or characters: refused before reaching the card
    PinRequired,        // the card wants a PIN verified for this operation (every signature for
                        // always-authenticate keys)
    SecurityStateLost,  // another application reset the card: PIN verifications are gone, nothing was done
    SmKeysMissing,      // the card's rule demands secure messaging but the key store has no keys for it
    NotFound,           // no PIN, key or certificate with that identifier on the card
    NotSupported,       // the key does not support the mechanism, or the card lacks what is needed
    InvalidInput,       // input of the wrong size for the mechanism or key (digest, cryptogram …)
    CardContent,        // the card answered something malformed (GET DATA, FCP, EF.ATR, GENERATE)
    NoSpace,            // a PKCS#15 directory file has no room left for a new entry
    Configuration,      // the configuration file is unreadable or malformed
};

const char* toString(ApiErrorKind kind);

class ApiError : public std::runtime_error {
public:
    ApiError(ApiErrorKind kind, const std::string& message);
    ApiErrorKind kind() const { return kind_; }

private:
    ApiErrorKind kind_;
};

}  // namespace ias::api
