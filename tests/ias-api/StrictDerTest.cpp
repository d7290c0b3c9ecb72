// Encodings that BER allows but DER forbids, values outside their ranges, and grammar violations are refused.
#include <gtest/gtest.h>

#include "ias/apdu/Tlv.h"
#include "ias/api/Aodf.h"
#include "ias/api/Cdf.h"
#include "ias/api/EfDir.h"
#include "ias/api/Odf.h"
#include "ias/api/Prkdf.h"
#include "ias/api/TokenInfo.h"

namespace ias::api {
namespace {

// A PIN object whose PinAttributes content is `attrs` (hex), everything else valid.
Bytes pinWith(const std::string& attrsHex, const std::string& commonHex = "0C0150") {
    Bytes attrs = fromHex(attrsHex);
    Bytes inner = encodeTlv(0x30, attrs);
    Bytes obj;
    append(obj, encodeTlv(0x30, fromHex(commonHex)));
    append(obj, encodeTlv(0x30, fromHex("040101")));
    append(obj, encodeTlv(0xA1, inner));
    return encodeTlv(0x30, obj);
}

constexpr const char* kGoodAttrs =
    "03020410"
    "0A0101"
    "020104"
    "020108"
    "020108"
    "800101";

std::string reasonOf(ByteView file) {
    try {
        parseAodf(file);
    } catch (const Pkcs15Error& e) {
        EXPECT_EQ(e.file(), "AODF");
        return e.reason();
    }
    return "(accepted)";
}

TEST(StrictDer, TheReferencePinIsAccepted) {
    const auto pins = parseAodf(pinWith(kGoodAttrs));
    ASSERT_EQ(pins.size(), 1u);
    EXPECT_EQ(pins[0].reference, 1u);
    EXPECT_EQ(pins[0].common.label, "P");
}

TEST(StrictDer, NonMinimalIntegerIsRefused) {
    EXPECT_NE(reasonOf(pinWith("03020410"
                               "0A0101"
                               "02020004"
                               "020108"))
                  .find("non-minimal"),
              std::string::npos);
}

TEST(StrictDer, NonMinimalLengthIsRefused) {
    // minLength written with a long-form length byte 81 01.
    EXPECT_NE(reasonOf(pinWith("03020410"
                               "0A0101"
                               "02810104"
                               "020108"))
                  .find("non-minimal"),
              std::string::npos);
}

TEST(StrictDer, IndefiniteLengthIsRefused) {
    EXPECT_NE(reasonOf(fromHex("3080"
                               "0000")),
              "(accepted)");
}

TEST(StrictDer, BitStringWithNonZeroUnusedBitsIsRefused) {
    EXPECT_NE(reasonOf(pinWith("03020411"
                               "0A0101"
                               "020104"
                               "020108"))
                  .find("unused bits"),
              std::string::npos);
    EXPECT_NE(reasonOf(pinWith("03020810"
                               "0A0101"
                               "020104"
                               "020108")),
              "(accepted)");
    EXPECT_NE(reasonOf(pinWith("030103"
                               "0A0101"
                               "020104"
                               "020108")),
              "(accepted)");
}

TEST(StrictDer, BooleanMustBe00OrFF) {
    // CDF object with authority BOOLEAN 01.
    const Bytes cdf = fromHex(
        "3014"
        "3000"
        "3006"
        "040111"
        "010101"
        "A108"
        "3006"
        "3004"
        "0402B001");
    EXPECT_THROW(parseCdf(cdf), Pkcs15Error);
    const Bytes ok = fromHex(
        "3014"
        "3000"
        "3006"
        "040111"
        "0101FF"
        "A108"
        "3006"
        "3004"
        "0402B001");
    EXPECT_TRUE(parseCdf(ok).at(0).authority);
}

TEST(StrictDer, WrongTagsAreRefused) {
    EXPECT_NE(reasonOf(pinWith("04020410"
                               "0A0101"
                               "020104"
                               "020108"))
                  .find("pinFlags"),
              std::string::npos);
    EXPECT_NE(reasonOf(pinWith("03020410"
                               "020101"
                               "020104"
                               "020108"))
                  .find("pinType"),
              std::string::npos);
    // A top-level primitive element where an object is expected.
    EXPECT_NE(reasonOf(fromHex("0401AA")).find("unexpected tag"), std::string::npos);
}

TEST(StrictDer, MissingMandatoryComponentsAreRefused) {
    EXPECT_NE(reasonOf(pinWith("03020410"
                               "0A0101"
                               "020104"))
                  .find("storedLength missing"),
              std::string::npos);
}

TEST(StrictDer, AbsurdValuesAreRefused) {
    EXPECT_NE(reasonOf(pinWith("03020410"
                               "0A0109"
                               "020104"
                               "020108"))
                  .find("pinType"),
              std::string::npos);
    EXPECT_NE(reasonOf(pinWith("03020410"
                               "0A0101"
                               "02020100"
                               "020108"))
                  .find("minLength"),
              std::string::npos);
    EXPECT_NE(reasonOf(pinWith("03020410"
                               "0A0101"
                               "020108"
                               "020108"
                               "020104"))
                  .find("maxLength below"),
              std::string::npos);
    EXPECT_NE(reasonOf(pinWith("03020410"
                               "0A0101"
                               "0201FC"
                               "020108")),
              "(accepted)");  // negative length
    EXPECT_NE(reasonOf(pinWith(std::string(kGoodAttrs) + "04020000")).find("padChar"), std::string::npos);
    EXPECT_NE(reasonOf(pinWith(std::string(kGoodAttrs) + "0400")).find("padChar"), std::string::npos);
    EXPECT_NE(reasonOf(pinWith("03020410"
                               "0A0101"
                               "020104"
                               "020108"
                               "020108"
                               "80020100"))
                  .find("pinReference"),
              std::string::npos);
}

TEST(StrictDer, LabelsMustBeValidUtf8WithoutNul) {
    EXPECT_NE(reasonOf(pinWith(kGoodAttrs, "0C02C0AF")).find("UTF-8"), std::string::npos);    // overlong '/'
    EXPECT_NE(reasonOf(pinWith(kGoodAttrs, "0C03EDA080")).find("UTF-8"), std::string::npos);  // surrogate
    EXPECT_NE(reasonOf(pinWith(kGoodAttrs, "0C024100")).find("UTF-8"), std::string::npos);    // NUL
    EXPECT_EQ(reasonOf(pinWith(kGoodAttrs, "0C03E282AC")), "(accepted)");                     // the euro sign
}

TEST(StrictDer, TrailingElementsOfClosedTypesAreRefused) {
    // PKCS15Object has no extension marker: nothing may follow typeAttributes.
    Bytes obj = pinWith(kGoodAttrs);
    Bytes content(obj.begin() + 2, obj.end());
    append(content, fromHex("020101"));
    EXPECT_NE(reasonOf(encodeTlv(0x30, content)).find("after the last component"), std::string::npos);
    // The explicit [1] holds exactly one SEQUENCE.
    Bytes two;
    append(two, encodeTlv(0x30, fromHex("0C0150")));
    append(two, encodeTlv(0x30, fromHex("040101")));
    Bytes a1 = encodeTlv(0x30, fromHex(kGoodAttrs));
    append(a1, fromHex("3000"));
    append(two, encodeTlv(0xA1, a1));
    EXPECT_NE(reasonOf(encodeTlv(0x30, two)), "(accepted)");
    // Path is closed too.
    EXPECT_THROW(parseOdf(fromHex("A008"
                                  "3006"
                                  "04027001"
                                  "0500")),
                 Pkcs15Error);
}

TEST(StrictDer, GarbageAfterTheFillingIsRefused) {
    Bytes file = pinWith(kGoodAttrs);
    append(file, fromHex("0000000001"));
    EXPECT_NE(reasonOf(file).find("garbage"), std::string::npos);
    Bytes mixed = pinWith(kGoodAttrs);
    append(mixed, fromHex("00FF"));
    EXPECT_NE(reasonOf(mixed).find("garbage"), std::string::npos);
}

TEST(StrictDer, PathRules) {
    EXPECT_THROW(parseOdf(fromHex("A005"
                                  "3003"
                                  "040170")),
                 Pkcs15Error);  // odd length
    EXPECT_THROW(parseOdf(fromHex("A004"
                                  "3002"
                                  "0400")),
                 Pkcs15Error);  // empty path
    EXPECT_THROW(parseOdf(fromHex("A002"
                                  "3000")),
                 Pkcs15Error);  // empty Path in the ODF
    EXPECT_THROW(parseOdf(fromHex("A009"
                                  "3007"
                                  "04027001"
                                  "020100")),
                 Pkcs15Error);  // index without length
    auto odfPath = [](const std::string& pathContent) {
        return encodeTlv(0xA0, encodeTlv(0x30, fromHex(pathContent)));
    };
    EXPECT_THROW(parseOdf(odfPath("04027001"
                                  "020100"
                                  "8003010000")),
                 Pkcs15Error);  // length > 65535
    const Odf odf =
        parseOdf(odfPath("04027001"
                         "020100"
                         "80020100"));
    EXPECT_EQ(odf.privateKeys.at(0).length, 256u);
    // pathExtended [1] { aid, path } (OpenSC extension).
    const Odf ext =
        parseOdf(fromHex("A00F"
                         "300D"
                         "A10B"
                         "4F05A000000001"
                         "04027001"));
    EXPECT_EQ(toHex(ext.privateKeys.at(0).aid), "A000000001");
    EXPECT_EQ(toHex(ext.privateKeys.at(0).value), "7001");
}

TEST(StrictDer, EfDirRules) {
    EXPECT_THROW(parseEfDir(fromHex("6103500141")), Pkcs15Error);                        // no AID
    EXPECT_THROW(parseEfDir(fromHex("61084F03A00000500141")), Pkcs15Error);              // AID too short
    EXPECT_THROW(parseEfDir(fromHex("610E4F05A0000000014F05A000000002")), Pkcs15Error);  // AID twice
    EXPECT_THROW(parseEfDir(fromHex("62074F05A000000001")), Pkcs15Error);                // not a template
    const auto apps =
        parseEfDir(fromHex("610B4F05A000000001"
                           "52020000"));  // unknown 52 skipped
    EXPECT_EQ(toHex(apps.at(0).aid), "A000000001");
}

TEST(StrictDer, KeyRangesAreChecked) {
    // modulusLength 256 bits is refused, 100000 bits too.
    const std::string head = "0C014B";
    auto rsa = [&](const std::string& typeHex) {
        Bytes obj;
        append(obj, encodeTlv(0x30, fromHex(head)));
        append(obj, encodeTlv(0x30, fromHex("040111"
                                            "03020520")));
        append(obj, encodeTlv(0xA1, encodeTlv(0x30, fromHex(typeHex))));
        return encodeTlv(0x30, obj);
    };
    EXPECT_EQ(parsePrkdf(rsa("3000"
                             "02020800"))
                  .at(0)
                  .modulusBits,
              2048u);
    EXPECT_THROW(parsePrkdf(rsa("3000"
                                "02020100")),
                 Pkcs15Error);
    EXPECT_THROW(parsePrkdf(rsa("3000"
                                "02030186A0")),
                 Pkcs15Error);
    EXPECT_THROW(parsePrkdf(rsa("3000")), Pkcs15Error);  // no modulusLength
    EXPECT_THROW(parsePrkdf(rsa("A0023000"
                                "02020800")),
                 Pkcs15Error);  // direct private key value
}

TEST(StrictDer, TokenInfoIsOneSequence) {
    EXPECT_THROW(parseTokenInfo(fromHex("")), Pkcs15Error);
    EXPECT_THROW(parseTokenInfo(fromHex("3106020100030100")), Pkcs15Error);
    EXPECT_EQ(parseTokenInfo(fromHex("3006020100030100")).version, 0u);
    EXPECT_THROW(parseTokenInfo(fromHex("3006020100030100"
                                        "3006020100030100")),
                 Pkcs15Error);                                         // two
    EXPECT_THROW(parseTokenInfo(fromHex("3003020100")), Pkcs15Error);  // no tokenflags
    auto withAlgorithm = [](const std::string& algorithmContent) {
        Bytes content = fromHex(
            "020100"
            "030100");
        append(content, encodeTlv(0xA2, encodeTlv(0x30, fromHex(algorithmContent))));
        return encodeTlv(0x30, content);
    };
    EXPECT_EQ(parseTokenInfo(withAlgorithm("020101"
                                           "020101"
                                           "0500"
                                           "030100"
                                           "06032A0301"
                                           "020101"))
                  .supportedAlgorithms.at(0)
                  .objectId,
              "1.2.3.1");
    // An element after algRef (AlgorithmInfo is a closed type).
    EXPECT_THROW(parseTokenInfo(withAlgorithm("020101"
                                              "020101"
                                              "0500"
                                              "030100"
                                              "020101"
                                              "020101")),
                 Pkcs15Error);
    // A malformed OBJECT IDENTIFIER (leading 0x80 in a sub-identifier, or cut inside one).
    EXPECT_THROW(parseTokenInfo(withAlgorithm("020101"
                                              "020101"
                                              "0500"
                                              "030100"
                                              "06032A8001")),
                 Pkcs15Error);
    EXPECT_THROW(parseTokenInfo(withAlgorithm("020101"
                                              "020101"
                                              "0500"
                                              "030100"
                                              "06022A81")),
                 Pkcs15Error);
}

}  // namespace
}  // namespace ias::api
