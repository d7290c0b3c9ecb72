#pragma once
// Human-readable APDU trace lines with secrets removed: the data of VERIFY (20), CHANGE REFERENCE DATA (24),
// ENABLE/DISABLE VERIFICATION REQUIREMENT (28/26) and RESET RETRY COUNTER (2C), and of any command carrying
// secure messaging, is replaced by its length. So is the plaintext a PSO DECIPHER returns.
//   > 00 A4 09 04 02 2F01 00
//   > 00 20 00 01 08 [8 bytes redacted]
//   < 6F0A8C... 9000
#include <string>

#include "ias/apdu/CommandApdu.h"
#include "ias/apdu/ResponseApdu.h"

namespace ias {

// Whether CLA announces secure messaging in any class coding (interindustry b4/b3 or b6; proprietary classes
// are treated like the first interindustry class, to err on the side of redaction).
bool claIndicatesSecureMessaging(std::uint8_t cla);
bool commandCarriesSecret(const CommandApdu& cmd);
// Whether the card's answer to `cmd` is a secret (the plaintext of PSO DECIPHER).
bool responseCarriesSecret(const CommandApdu& cmd);
std::string traceCommand(const CommandApdu& cmd);
std::string traceResponse(const ResponseApdu& resp, bool redactData = false);

}  // namespace ias
