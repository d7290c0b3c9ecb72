#pragma once
// Human-readable APDU trace lines with secrets removed: the data of VERIFY (20), CHANGE REFERENCE DATA (24)
// and RESET RETRY COUNTER (2C), and of any command carrying secure messaging plaintext, is replaced by its
// length.
#include <string>

#include "ias/apdu/CommandApdu.h"
#include "ias/apdu/ResponseApdu.h"

namespace ias {

bool commandCarriesSecret(const CommandApdu& cmd);
std::string traceCommand(const CommandApdu& cmd);
std::string traceResponse(const ResponseApdu& resp);

}  // namespace ias
