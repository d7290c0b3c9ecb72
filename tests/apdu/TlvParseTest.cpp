// Strict BER-TLV parsing: multi-byte tags and lengths, nesting, and every way input can be broken
// (truncation, overlong or indefinite lengths, DER non-minimal forms). Broken input throws, never reads past.
#include <gtest/gtest.h>

#include "ias/apdu/Tlv.h"

namespace ias {
namespace {

Tlv single(const std::string& hex, TlvMode mode = TlvMode::Ber) {
    static std::vector<Bytes> keep;  // parsed views point into these bytes
    keep.push_back(fromHex(hex));
    return parseSingleTlv(view(keep.back()), mode);
}

void expectBroken(const std::string& hex, TlvMode mode = TlvMode::Ber) {
    SCOPED_TRACE(hex);
    const Bytes raw = fromHex(hex);
    EXPECT_THROW(parseTlvList(view(raw), mode), TlvError);
}

TEST(TlvParseTest, OneByteTagShortLength) {
    const Tlv t = single("5A 03 01 02 03");
    EXPECT_EQ(t.tag, 0x5Au);
    EXPECT_EQ(toHex(t.value), "010203");
    EXPECT_EQ(t.encoded.size(), 5u);
    EXPECT_FALSE(t.constructed());
}

TEST(TlvParseTest, MultiByteTags) {
    EXPECT_EQ(single("5F20 01 41").tag, 0x5F20u);
    EXPECT_EQ(single("7F49 00").tag, 0x7F49u);
    EXPECT_EQ(single("BF8101 02 8000").tag, 0xBF8101u);
    EXPECT_EQ(single("9F7F 00").tag, 0x9F7Fu);
    EXPECT_TRUE(single("7F49 00").constructed());
    EXPECT_TRUE(single("BF8101 00").constructed());
    EXPECT_FALSE(single("5F20 00").constructed());
}

TEST(TlvParseTest, TagsLongerThanThreeBytesAreRefused) {
    expectBroken("BF818101 00");
    expectBroken("1F8080 00");
}

TEST(TlvParseTest, LongLengthForms) {
    Bytes raw = fromHex("04 81 80");
    raw.resize(3 + 0x80, 0xEE);
    EXPECT_EQ(parseSingleTlv(view(raw)).value.size(), 0x80u);
    raw = fromHex("04 82 01 00");
    raw.resize(4 + 256, 0xEE);
    EXPECT_EQ(parseSingleTlv(view(raw)).value.size(), 256u);
    raw = fromHex("04 83 01 00 00");
    raw.resize(5 + 65536, 0xEE);
    EXPECT_EQ(parseSingleTlv(view(raw)).value.size(), 65536u);
    raw = fromHex("04 84 00 01 00 00");
    raw.resize(6 + 65536, 0xEE);
    EXPECT_EQ(parseSingleTlv(view(raw), TlvMode::Ber).value.size(), 65536u);
}

TEST(TlvParseTest, NestedChildren) {
    // The GET DATA request of a CHV SDO (ias-ecc-card-facts.md §3).
    // 4D (extended header list) is coded as primitive (b6 = 0) yet holds TLVs: children() reads it anyway.
    const Tlv outer = single("4D 09 70 07 BF 81 01 03 7F 41 80");
    EXPECT_FALSE(outer.constructed());
    const auto level1 = outer.children();
    ASSERT_EQ(level1.size(), 1u);
    EXPECT_EQ(level1[0].tag, 0x70u);
    EXPECT_TRUE(level1[0].constructed());
    const auto level2 = level1[0].children();
    ASSERT_EQ(level2.size(), 1u);
    EXPECT_EQ(level2[0].tag, 0xBF8101u);
    EXPECT_EQ(toHex(level2[0].value), "7F4180");
    // "7F41 80": a tag followed by an indefinite length: not a complete TLV list.
    EXPECT_THROW(level2[0].children(), TlvError);
}

TEST(TlvParseTest, ListAndFind) {
    const Bytes raw = fromHex("80 01 01 81 01 08 80 01 FF");
    const auto list = parseTlvList(view(raw));
    ASSERT_EQ(list.size(), 3u);
    ASSERT_TRUE(findTlv(list, 0x81).has_value());
    EXPECT_EQ(toHex(findTlv(list, 0x81)->value), "08");
    EXPECT_EQ(toHex(findTlv(list, 0x80)->value), "01") << "the first match wins";
    EXPECT_FALSE(findTlv(list, 0x82).has_value());
    EXPECT_TRUE(parseTlvList(ByteView{}).empty());
}

TEST(TlvParseTest, OffsetAdvancesPastEachObject) {
    const Bytes raw = fromHex("5A 01 AA 5F20 02 BBCC");
    std::size_t offset = 0;
    EXPECT_EQ(parseTlv(view(raw), offset).tag, 0x5Au);
    EXPECT_EQ(offset, 3u);
    EXPECT_EQ(parseTlv(view(raw), offset).tag, 0x5F20u);
    EXPECT_EQ(offset, raw.size());
    EXPECT_THROW(parseTlv(view(raw), offset), TlvError);
}

TEST(TlvParseTest, TruncatedInputIsRefused) {
    expectBroken("5A");           // no length
    expectBroken("5F");           // tag announces a second byte that is missing
    expectBroken("BF81");         // third tag byte missing
    expectBroken("5A 03 0102");   // value one byte short
    expectBroken("04 82 01");     // length bytes missing
    expectBroken("04 81");        // length byte missing
    expectBroken("5A 01 AA 5A");  // second object truncated
}

TEST(TlvParseTest, OverlongLengthsAreRefusedWithoutReadingPast) {
    expectBroken("04 84 FF FF FF FF 00");
    expectBroken("04 85 00 00 00 00 01 00");  // five length bytes
    expectBroken("04 FF 00");                 // reserved length form
    expectBroken("04 83 01 00 00 00");
}

TEST(TlvParseTest, IndefiniteLengthIsRefused) {
    expectBroken("30 80 04 00 00 00");
}

TEST(TlvParseTest, DerRefusesNonMinimalEncodingsBerAcceptsThem) {
    for (const char* hex : {"04 81 05 0102030405", "04 82 00 05 0102030405", "04 82 00 80", "04 83 00 01 00",
                            "04 84 00 00 00 01 AA"}) {
        Bytes raw = fromHex(hex);
        // Fill the value so that only the length form is wrong.
        std::size_t off = 0;
        try {
            parseTlv(view(raw), off, TlvMode::Ber);
        } catch (const TlvError&) {
            raw.resize(raw.size() + 0x100, 0xEE);
        }
        SCOPED_TRACE(hex);
        std::size_t offset = 0;
        EXPECT_NO_THROW(parseTlv(view(raw), offset, TlvMode::Ber));
        offset = 0;
        EXPECT_THROW(parseTlv(view(raw), offset, TlvMode::Der), TlvError);
    }
    // Minimal long forms pass in DER.
    Bytes ok = fromHex("04 81 80");
    ok.resize(3 + 0x80, 0);
    EXPECT_NO_THROW(parseSingleTlv(view(ok), TlvMode::Der));
}

TEST(TlvParseTest, DerRefusesATagNumberWithLeadingZeroBits) {
    const Bytes raw = fromHex("5F 80 20 00");
    EXPECT_THROW(parseSingleTlv(view(raw), TlvMode::Der), TlvError);
    EXPECT_NO_THROW(parseSingleTlv(view(raw), TlvMode::Ber));
}

TEST(TlvParseTest, SingleTlvRefusesTrailingBytes) {
    const Bytes raw = fromHex("5A 01 AA 00");
    EXPECT_THROW(parseSingleTlv(view(raw)), TlvError);
    EXPECT_THROW(parseSingleTlv(ByteView{}), TlvError);
}

}  // namespace
}  // namespace ias
