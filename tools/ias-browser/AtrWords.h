#pragma once
// The card's ATR (ISO/IEC 7816-3) in words for the card page: the convention, the protocols offered, the
// speed factors of TA1, the historical bytes (with their text when they spell one) and whether the check
// byte is right. Untranslated facts come back as values; Texts.cpp words them.
#include <optional>
#include <string>
#include <vector>

#include "ias/apdu/Bytes.h"

namespace ias::browser {

struct AtrFacts {
    bool wellFormed = false;  // the interface bytes and the historical bytes fit the ATR's length
    bool inverseConvention = false;
    std::vector<int> protocols;          // T=0, T=1 … in the order TDi names them (T=0 when none is named)
    std::optional<int> clockRateFactor;  // Fi from TA1
    std::optional<int> baudRateFactor;   // Di from TA1
    Bytes historical;
    std::string historicalText;       // the historical bytes' printable run (e.g. a chip name), may be empty
    std::optional<bool> checkByteOk;  // TCK, present when a protocol other than T=0 is offered
};

AtrFacts decodeAtr(ByteView atr);

}  // namespace ias::browser
