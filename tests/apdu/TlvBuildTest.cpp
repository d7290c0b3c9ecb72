// BER-TLV encoding: tag and minimal length bytes against vectors/make_vectors.py (X.690 8.1.2/8.1.3),
// and round trips through the strict DER parser.
#include <gtest/gtest.h>

#include "TestPattern.h"
#include "ias/apdu/Tlv.h"
#include "vectors/Vectors.inc"

namespace ias {
namespace {

using test::pattern;

TEST(TlvBuildTest, EncodesTagsAndMinimalLengthsAsX690Says) {
    for (const TlvVector& v : kTlvVectors) {
        SCOPED_TRACE(v.name);
        const Bytes value = pattern(v.valueLength);
        const Bytes encoded = encodeTlv(v.tag, view(value));
        Bytes expected = fromHex(v.header);
        append(expected, view(value));
        EXPECT_EQ(encoded, expected);
    }
}

TEST(TlvBuildTest, EncodedObjectsParseBackInDerMode) {
    for (const TlvVector& v : kTlvVectors) {
        SCOPED_TRACE(v.name);
        const Bytes value = pattern(v.valueLength);
        const Bytes encoded = encodeTlv(v.tag, view(value));
        const Tlv t = parseSingleTlv(view(encoded), TlvMode::Der);
        EXPECT_EQ(t.tag, v.tag);
        EXPECT_TRUE(std::equal(t.value.begin(), t.value.end(), value.begin(), value.end()));
    }
}

TEST(TlvBuildTest, BuildsNestedObjects) {
    // 70 { BF8101 { 7F41 { 80 01 08 } } }
    Bytes inner;
    appendTlv(inner, 0x80, view(fromHex("08")));
    const Bytes chv = encodeTlv(0x7F41, view(inner));
    const Bytes sdo = encodeTlv(0xBF8101, view(chv));
    const Bytes all = encodeTlv(0x70, view(sdo));
    EXPECT_EQ(toHex(view(all)), "700ABF8101067F4103800108");
}

TEST(TlvBuildTest, AppendLengthUsesTheShortestForm) {
    const std::pair<std::size_t, const char*> cases[] = {
        {0, "00"},         {0x7F, "7F"},       {0x80, "8180"},        {0xFF, "81FF"},
        {0x100, "820100"}, {0xFFFF, "82FFFF"}, {0x10000, "83010000"}, {0xFFFFFFFF, "84FFFFFFFF"},
    };
    for (const auto& [length, hex] : cases) {
        Bytes out;
        appendLength(out, length);
        EXPECT_EQ(toHex(view(out)), hex) << length;
    }
}

TEST(TlvBuildTest, RefusesWhatTheParserCouldNotRead) {
    Bytes out;
    EXPECT_THROW(appendTag(out, 0x1F818101), std::invalid_argument);
    EXPECT_THROW(appendLength(out, std::size_t{1} << 32), std::invalid_argument);
    EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace ias
