// GET CHALLENGE (00 84 00 00 08): 8 random bytes, remembered for MUTUAL AUTHENTICATE.
#include <openssl/rand.h>

#include "vcard/Commands.h"
#include "vcard/StatusError.h"

namespace ias::vcard {

ResponseApdu getChallenge(CommandContext& ctx, const CommandApdu& cmd) {
    if (cmd.p1() != 0x00 || cmd.p2() != 0x00) fail(sw::IncorrectP1P2);
    if (!cmd.data().empty() || cmd.le() != 8u) fail(sw::WrongLength);
    Bytes challenge(8);
    if (RAND_bytes(challenge.data(), static_cast<int>(challenge.size())) != 1) fail(sw::NoPreciseDiagnosis);
    ctx.security.challenge = challenge;
    return ResponseApdu(std::move(challenge), sw::Ok);
}

}  // namespace ias::vcard
