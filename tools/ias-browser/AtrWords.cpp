#include "AtrWords.h"

#include <cctype>

namespace ias::browser {

namespace {

// ISO/IEC 7816-3 table 7 (Fi) and table 8 (Di); 0: reserved (RFU).
constexpr int kFi[16] = {372, 372, 558, 744, 1116, 1488, 1860, 0, 0, 512, 768, 1024, 1536, 2048, 0, 0};
constexpr int kDi[16] = {0, 1, 2, 4, 8, 16, 32, 64, 12, 20, 0, 0, 0, 0, 0, 0};

}  // namespace

AtrFacts decodeAtr(ByteView atr) {
    AtrFacts f;
    if (atr.size() < 2 || (atr[0] != 0x3B && atr[0] != 0x3F)) return f;
    f.inverseConvention = atr[0] == 0x3F;
    std::size_t at = 1;
    std::uint8_t y = atr[at] >> 4;
    const std::size_t historicalCount = atr[at] & 0x0F;
    ++at;
    bool anyProtocolButT0 = false;
    for (int level = 1; y != 0; ++level) {
        if ((y & 0x1) != 0) {  // TAi
            if (at >= atr.size()) return f;
            if (level == 1) {
                const int fi = kFi[atr[at] >> 4], di = kDi[atr[at] & 0x0F];
                if (fi != 0) f.clockRateFactor = fi;
                if (di != 0) f.baudRateFactor = di;
            }
            ++at;
        }
        if ((y & 0x2) != 0) ++at;  // TBi
        if ((y & 0x4) != 0) ++at;  // TCi
        if ((y & 0x8) == 0) break;
        if (at >= atr.size()) return f;
        const int protocol = atr[at] & 0x0F;  // TDi
        if (protocol != 15) {
            bool known = false;
            for (int p : f.protocols) known = known || p == protocol;
            if (!known) f.protocols.push_back(protocol);
            anyProtocolButT0 = anyProtocolButT0 || protocol != 0;
        }
        y = atr[at] >> 4;
        ++at;
    }
    if (f.protocols.empty()) f.protocols.push_back(0);
    if (at + historicalCount > atr.size()) return f;
    f.historical.assign(atr.begin() + static_cast<std::ptrdiff_t>(at),
                        atr.begin() + static_cast<std::ptrdiff_t>(at + historicalCount));
    at += historicalCount;
    // The longest run of printable characters, when it is long enough to be a name and not chance.
    std::string run, best;
    for (std::uint8_t b : f.historical) {
        if (std::isprint(b) != 0) {
            run += static_cast<char>(b);
        } else {
            run.clear();
        }
        if (run.size() > best.size()) best = run;
    }
    if (best.size() >= 4) f.historicalText = best;
    if (anyProtocolButT0) {
        if (at >= atr.size()) return f;
        std::uint8_t x = 0;
        for (std::size_t i = 1; i <= at; ++i) x ^= atr[i];
        f.checkByteOk = x == 0;
        ++at;
    }
    f.wellFormed = at == atr.size();
    return f;
}

}  // namespace ias::browser
