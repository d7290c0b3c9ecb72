#pragma once
// The card's side of CWA 14890 secure messaging (symmetric device authentication with 3DES and retail
// MAC, ias-ecc-card-facts.md §6): it answers MUTUAL AUTHENTICATE, unwraps SM commands (checking the MAC
// first) and wraps responses with a MAC over DO87/DO99.
#include <optional>
#include <stdexcept>

#include "ias/apdu/CommandApdu.h"
#include "ias/apdu/ResponseApdu.h"
#include "ias/apdu/SecureBuffer.h"

namespace ias::vcard {

enum class SmKdf { Sha1, Sha256 };  // algorithm 0C = SHA-1, 8C = SHA-256 in the SE's A4 CRT (usage C0)

struct SmKeyset {
    SecureBuffer enc;  // 16 bytes, 2-key 3DES
    SecureBuffer mac;  // 16 bytes
};

// An SM failure the card reports with `sw` (6988 wrong MAC / bad DOs, 6987 missing DOs, 6300 failed
// authentication). The session is over after any SmError.
class SmError : public std::runtime_error {
public:
    SmError(const std::string& what, StatusWord sw) : std::runtime_error(what), sw_(sw) {}
    StatusWord sw() const { return sw_; }

private:
    StatusWord sw_;
};

class CardSmSession {
public:
    // Answers MUTUAL AUTHENTICATE. `command` is the 0x48-byte E||MAC from the terminal, `rndIcc` the 8 bytes
    // the card gave to the last GET CHALLENGE, `snIcc` the card's 8-byte serial. Checks the MAC and that the
    // decrypted RND.ICC and SN.ICC are the card's; picks K.ICC at random. Returns the session and the
    // 0x48-byte response data.
    static std::pair<CardSmSession, Bytes> mutualAuthenticate(ByteView command, ByteView rndIcc,
                                                              ByteView snIcc, const SmKeyset& keys,
                                                              SmKdf kdf);

    // A command with CLA b4/b3 set: increments the SSC, verifies DO8E over the header and DO87/85/97,
    // decrypts DO87 (or takes DO85), and returns the plain command (CLA without SM bits, Le from DO97).
    CommandApdu unwrapCommand(const CommandApdu& wrapped);
    // Increments the SSC, encrypts the data into DO87 (when there is data), adds DO99 with the status word
    // and DO8E over DO87||DO99; the outer status word is 9000.
    ResponseApdu wrapResponse(const ResponseApdu& plain);

private:
    CardSmSession() = default;
    SecureBuffer kEnc_, kMac_, ssc_;
};

}  // namespace ias::vcard
