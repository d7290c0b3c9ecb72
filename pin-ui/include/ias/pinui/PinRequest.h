#pragma once
// What the PIN dialog is asked to show, and the line protocol that carries it to ias-pinentry
// (docs/pin-ui.md). A request holds no secret: it may live in std::string.
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "ias/apdu/Bytes.h"

namespace ias::pinui {

// Which secret the user is asked for. The New* kinds ask for a new value twice (entry and confirmation).
enum class PinKind { Authentication, Signature, Puk, NewAuthentication, NewSignature };

// Entry: a password entry, answered with the PIN. PinPad: a notice to type the PIN on the reader's keypad,
// no entry, closed by the caller.
enum class DialogMode { Entry, PinPad };

// The card's rules for the PIN, checked by the dialog before OK is possible and again by the client.
struct PinRules {
    bool digitsOnly = true;
    std::size_t minLength = 4;
    std::size_t maxLength = 8;

    // Every byte allowed (digits, or printable ASCII without space) and the length within bounds.
    bool accepts(ByteView pin) const;
};

// Longest PIN the protocol carries; the card's own limits are far below.
inline constexpr std::size_t kMaxPinLength = 64;
// Longest text field (caller name, token label) carried; longer text is cut.
inline constexpr std::size_t kMaxTextField = 80;

struct PinRequest {
    std::string caller;      // who asks, as shown to the user ("Firefox"); empty: the client fills it in
    std::string tokenLabel;  // the card or token's label; may be empty
    PinKind kind = PinKind::Authentication;
    DialogMode mode = DialogMode::Entry;
    std::optional<int> triesLeft;  // unknown when absent
    PinRules rules;
    std::string language;  // "fr", "en"; empty: the dialog's environment decides
};

class ProtocolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The request as protocol text, "IAS-PINENTRY 1\n" … "END\n". Text fields lose control characters and are
// cut to kMaxTextField bytes (at a UTF-8 boundary). Throws ProtocolError for rules the protocol cannot carry.
std::string encodeRequest(const PinRequest& request);

// Parses protocol text up to and including "END\n". Throws ProtocolError on anything malformed.
PinRequest decodeRequest(std::string_view text);

std::string_view kindName(PinKind kind);
std::optional<PinKind> kindFromName(std::string_view name);
bool isNewPinKind(PinKind kind);

}  // namespace ias::pinui
