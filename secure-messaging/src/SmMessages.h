#pragma once
// ISO 7816-4 secure messaging as CWA 14890 / IAS-ECC shapes it (facts §6): how one plain command becomes a
// protected one, and how one card answer becomes plain again. Pure functions of the session keys and the SSC;
// SmSession keeps the state.
#include <array>

#include "ias/apdu/CommandApdu.h"
#include "ias/apdu/ResponseApdu.h"

namespace ias::sm::detail {

using Ssc = std::array<std::uint8_t, 8>;

void incrementSsc(Ssc& ssc);

// `ssc` is the value for this command (already incremented). `plain` has no SM bits in CLA.
//   data (always padded, also when empty) → even INS `87 L 01 || C`, odd INS `85 L C`;
//   `97 Le` (Le 0E when the command expects no data: `99 02 SW 8E 08 MAC`);
//   `8E 08 MAC`, MAC over pad(SSC || CLA|0C INS P1 P2 || 80 00 00 00 || DO87/85 || DO97);
//   sent as CLA|0C INS P1 P2 Lc <DOs> Le.
CommandApdu wrapCommand(ByteView kEnc, ByteView kMac, const Ssc& ssc, const CommandApdu& plain);

// `ssc` is the value for this answer (already incremented). A data-less error status is the card's plain
// error and is returned as it is, except 6882/6987/6988 (the card dropped its session); a data-less 9000 or
// warning (62xx, 63xx but 63Cx) is refused.
// Anything else must be exactly [87 L 01 || C] 99 02 SW 8E 08 MAC with a valid MAC over
// pad(SSC || DO87 || DO99) and outer status 9000 (or the DO99 status); returns the plaintext and DO99's
// status. Throws SmError otherwise.
ResponseApdu unwrapResponse(ByteView kEnc, ByteView kMac, const Ssc& ssc, const ResponseApdu& answer);

}  // namespace ias::sm::detail
