// The ATR decoder of the card page against ATRs built here by hand from ISO/IEC 7816-3 (the expected words
// are read off the standard's tables, not computed by the decoder).
#include <gtest/gtest.h>

#include "AtrWords.h"

namespace ias::browser {
namespace {

// TS 3B; T0 F8 (TA1 TB1 TC1 TD1, 8 historical bytes); TA1 13 (Fi 372, Di 4); TB1 00; TC1 00; TD1 81 (T=1,
// TD2 follows); TD2 31 (T=1, TA3 TB3 follow); TA3 FE; TB3 45; "IAS-ECC!"; TCK.
Bytes sampleAtr() {
    Bytes atr = {0x3B, 0xF8, 0x13, 0x00, 0x00, 0x81, 0x31, 0xFE, 0x45,
                 'I',  'A',  'S',  '-',  'E',  'C',  'C',  '!'};
    std::uint8_t tck = 0;
    for (std::size_t i = 1; i < atr.size(); ++i) tck ^= atr[i];
    atr.push_back(tck);
    return atr;
}

TEST(AtrWords, DecodesTheInterfaceBytesAndTheHistoricalText) {
    const AtrFacts f = decodeAtr(sampleAtr());
    EXPECT_TRUE(f.wellFormed);
    EXPECT_FALSE(f.inverseConvention);
    EXPECT_EQ(f.protocols, std::vector<int>{1});
    EXPECT_EQ(f.clockRateFactor, 372);
    EXPECT_EQ(f.baudRateFactor, 4);
    EXPECT_EQ(f.historical.size(), 8u);
    EXPECT_EQ(f.historicalText, "IAS-ECC!");
    EXPECT_EQ(f.checkByteOk, true);
}

TEST(AtrWords, AWrongCheckByteIsSaid) {
    Bytes atr = sampleAtr();
    atr.back() ^= 0x01;
    EXPECT_EQ(decodeAtr(atr).checkByteOk, false);
}

TEST(AtrWords, T0OnlyHasNoCheckByte) {
    // 3B 02 + two historical bytes: no interface bytes, T=0 implied, no TCK.
    const AtrFacts f = decodeAtr(Bytes{0x3B, 0x02, 0x14, 0x50});
    EXPECT_TRUE(f.wellFormed);
    EXPECT_EQ(f.protocols, std::vector<int>{0});
    EXPECT_FALSE(f.checkByteOk.has_value());
    EXPECT_TRUE(f.historicalText.empty());
}

TEST(AtrWords, ACutAtrIsNotWellFormed) {
    Bytes atr = sampleAtr();
    atr.resize(10);
    EXPECT_FALSE(decodeAtr(atr).wellFormed);
    EXPECT_FALSE(decodeAtr(Bytes{0x12, 0x00}).wellFormed);  // not a TS
}

}  // namespace
}  // namespace ias::browser
