#pragma once
// The card's side of CWA 14890 secure messaging (symmetric device authentication with 3DES and retail
// MAC, ias-ecc-card-facts.md §6, docs/secure-messaging.md): it answers MUTUAL AUTHENTICATE, unwraps SM
// commands (checking the MAC first) and wraps responses with a MAC over DO87/DO99. Message layouts are the
// ones OpenSC 0.23 sends and parses (smm/sm-cwa14890.c, smm/sm-card-iasecc.c).
#include <stdexcept>
#include <string>
#include <utility>

#include "ias/apdu/CommandApdu.h"
#include "ias/apdu/ResponseApdu.h"
#include "ias/apdu/SecureBuffer.h"
#include "ias/apdu/StatusWord.h"
#include "ias/sm/SmCrypto.h"

namespace ias::vcard {

// Algorithm 0C = SHA-1, 8C = SHA-256 in the SE's A4 CRT (usage C0). Same enumerators Sha1/Sha256.
using SmKdf = sm::KdfHash;

struct SmKeyset {
    SecureBuffer enc;  // 16 bytes, 2-key 3DES
    SecureBuffer mac;  // 16 bytes
};

// An SM failure the card reports with `sw` (6988 wrong MAC / bad DOs, 6987 missing DOs, 6882 CLA without
// header authentication, 6300 failed device authentication, 6700 wrong length). The session is over after
// any SmError: the card must drop it.
class SmError : public std::runtime_error {
public:
    SmError(const std::string& what, StatusWord sw) : std::runtime_error(what), sw_(sw) {}
    StatusWord sw() const { return sw_; }

private:
    StatusWord sw_;
};

// SN.ICC as OpenSC forms it from the card serial (EF.SN): the last 8 bytes, or the whole serial
// left-padded with zero bytes when it is shorter.
Bytes snIccFromSerial(ByteView serial);

class CardSmSession {
public:
    // Answers MUTUAL AUTHENTICATE. `command` is the 0x48-byte E||MAC from the terminal, `rndIcc` the 8 bytes
    // the card gave to the last GET CHALLENGE (the caller forgets them afterwards: one try per challenge),
    // `snIcc` the card's 8-byte SN.ICC. Checks the MAC, then that the decrypted RND.ICC and SN.ICC are the
    // card's; picks K.ICC at random. Returns the session and the 0x48-byte response data
    // E(RND.ICC||SN.ICC||RND.IFD||SN.IFD||K.ICC)||MAC. Throws SmError (6300, 6700, 6985, 6984).
    static std::pair<CardSmSession, Bytes> mutualAuthenticate(ByteView command, ByteView rndIcc,
                                                              ByteView snIcc, const SmKeyset& keys,
                                                              SmKdf kdf);
    // The same with a given 32-byte K.ICC, for known-answer tests only.
    static std::pair<CardSmSession, Bytes> mutualAuthenticateWithKIcc(ByteView command, ByteView rndIcc,
                                                                      ByteView snIcc, const SmKeyset& keys,
                                                                      SmKdf kdf, ByteView kIcc);

    // A command with CLA b4/b3 set: increments the SSC, verifies DO8E over SSC||header||80000000||DOs
    // (padded), decrypts DO87 (01 indicator) or DO85, and returns the plain command (CLA without SM bits,
    // Le from DO97, none without DO97). Throws SmError: 6987 when DO8E is missing, 6988 for anything else
    // wrong (MAC, unknown or misplaced DO, bad padding), 6882 when CLA lacks header authentication (0C).
    CommandApdu unwrapCommand(const CommandApdu& wrapped);

    // Increments the SSC. For 9000 and 62xx (statuses that may carry data) it answers
    // [87 L 01||E(pad(data))] 99 02 SW 8E 08 MAC, MAC over pad(SSC||DO87||DO99), outer status 9000. Any other
    // status goes back plain, without data and without SM DOs: OpenSC only looks at the outer status for
    // errors (63Cx tries left, iasecc-sm.c) and ignores a DO99 that is not 9000, so a wrapped 63C2 would
    // read as success there. The SSC still advances by one for such a plain answer.
    ResponseApdu wrapResponse(const ResponseApdu& plain);

    // The current send sequence counter (public: it is made of the two challenges).
    Bytes ssc() const { return Bytes(ssc_.view().begin(), ssc_.view().end()); }

private:
    CardSmSession() = default;
    void incrementSsc();
    SecureBuffer kEnc_, kMac_, ssc_;
    // The terminal authenticated with OpenSC 0.23's faulty retail MAC (CardSm.cpp): the session keeps to it.
    bool openSc023Mac_ = false;
};

}  // namespace ias::vcard
