// Every damaged file either parses (when the damage happens to leave valid content) or throws Pkcs15Error:
// never another exception, a crash or a hang (the ASan build runs the same tests).
#include <gtest/gtest.h>

#include <functional>

#include "TestData.h"
#include "ias/apdu/Tlv.h"
#include "ias/api/Aodf.h"
#include "ias/api/Cdf.h"
#include "ias/api/EfDir.h"
#include "ias/api/Odf.h"
#include "ias/api/Prkdf.h"
#include "ias/api/Pukdf.h"
#include "ias/api/TokenInfo.h"

namespace ias::api {
namespace {

struct Parser {
    const char* sample;
    const char* fileName;
    bool list;  // a list of objects (EF.DIR, ODF, xDF) rather than a single value (TokenInfo)
    std::function<std::size_t(ByteView)> parse;  // returns how many objects it found
};

std::size_t odfCount(const Odf& o) {
    return o.privateKeys.size() + o.publicKeys.size() + o.trustedPublicKeys.size() + o.secretKeys.size() +
           o.certificates.size() + o.trustedCertificates.size() + o.usefulCertificates.size() +
           o.dataObjects.size() + o.authObjects.size();
}

const std::vector<Parser>& parsers() {
    static const std::vector<Parser> all = {
        {"ef_dir.bin", "EF.DIR", true, [](ByteView b) { return parseEfDir(b).size(); }},
        {"odf.bin", "ODF", true, [](ByteView b) { return odfCount(parseOdf(b)); }},
        {"tokeninfo.bin", "TokenInfo", false,
         [](ByteView b) { return parseTokenInfo(b).supportedAlgorithms.size(); }},
        {"aodf.bin", "AODF", true, [](ByteView b) { return parseAodf(b).size(); }},
        {"prkdf.bin", "PrKDF", true, [](ByteView b) { return parsePrkdf(b).size(); }},
        {"pukdf.bin", "PuKDF", true, [](ByteView b) { return parsePukdf(b).size(); }},
        {"cdf.bin", "CDF", true, [](ByteView b) { return parseCdf(b).size(); }},
        {"tokeninfo_extensions.bin", "TokenInfo", false,
         [](ByteView b) { return parseTokenInfo(b).supportedAlgorithms.size(); }},
        {"aodf_extensions.bin", "AODF", true, [](ByteView b) { return parseAodf(b).size(); }},
        {"prkdf_extensions.bin", "PrKDF", true, [](ByteView b) { return parsePrkdf(b).size(); }},
        {"cdf_extensions.bin", "CDF", true, [](ByteView b) { return parseCdf(b).size(); }},
        {"odf_extensions.bin", "ODF", true, [](ByteView b) { return odfCount(parseOdf(b)); }},
    };
    return all;
}

// Parses; true if accepted, false if refused with Pkcs15Error naming the right file. Anything else fails.
bool accepted(const Parser& p, ByteView data, std::size_t* count = nullptr) {
    try {
        const std::size_t n = p.parse(data);
        if (count) *count = n;
        return true;
    } catch (const Pkcs15Error& e) {
        EXPECT_EQ(e.file(), p.fileName);
        EXPECT_FALSE(e.reason().empty());
        return false;
    }
}

// Offsets where the top-level objects of a sample end (found with the apdu/ TLV reader, not the parsers).
std::vector<std::size_t> objectEnds(const Bytes& file) {
    std::vector<std::size_t> ends;
    std::size_t offset = 0;
    while (offset < file.size()) {
        parseTlv(file, offset, TlvMode::Der);
        ends.push_back(offset);
    }
    return ends;
}

TEST(MalformedPkcs15IsRejected, EveryTruncationThrowsUnlessItEndsOnAnObjectBoundary) {
    for (const Parser& p : parsers()) {
        SCOPED_TRACE(p.sample);
        const Bytes file = test::sample(p.sample);
        const auto ends = objectEnds(file);
        std::size_t full = 0;
        ASSERT_TRUE(accepted(p, file, &full));
        for (std::size_t cut = 0; cut < file.size(); ++cut) {
            SCOPED_TRACE(cut);
            const ByteView prefix = ByteView(file).first(cut);
            const bool boundary = cut == 0 || std::find(ends.begin(), ends.end(), cut) != ends.end();
            if (!p.list || !boundary) {
                EXPECT_FALSE(accepted(p, prefix)) << "a truncated file was accepted";
            } else {
                // A prefix of whole objects is a valid, shorter list (the card's file may really be that).
                std::size_t n = 0;
                EXPECT_TRUE(accepted(p, prefix, &n));
                EXPECT_LE(n, full);
            }
        }
    }
}

TEST(MalformedPkcs15IsRejected, EveryBitFlipIsParsedOrRefusedCleanly) {
    for (const Parser& p : parsers()) {
        SCOPED_TRACE(p.sample);
        const Bytes file = test::sample(p.sample);
        for (std::size_t i = 0; i < file.size(); ++i) {
            for (int bit = 0; bit < 8; ++bit) {
                Bytes damaged = file;
                damaged[i] ^= static_cast<std::uint8_t>(1u << bit);
                accepted(p, damaged);
            }
        }
    }
}

TEST(MalformedPkcs15IsRejected, OverwrittenBytesAreParsedOrRefusedCleanly) {
    // Values that make lengths long-form, indefinite, huge or zero wherever they land.
    const std::uint8_t values[] = {0x00, 0x01, 0x7F, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x88, 0xFF};
    for (const Parser& p : parsers()) {
        SCOPED_TRACE(p.sample);
        const Bytes file = test::sample(p.sample);
        for (std::size_t i = 0; i < file.size(); ++i) {
            for (std::uint8_t v : values) {
                Bytes damaged = file;
                damaged[i] = v;
                accepted(p, damaged);
            }
        }
    }
}

TEST(MalformedPkcs15IsRejected, LengthOverflowThrows) {
    for (const Parser& p : parsers()) {
        SCOPED_TRACE(p.sample);
        const Bytes file = test::sample(p.sample);
        const std::size_t lengthBytes = (file[1] & 0x80) ? 1 + (file[1] & 0x7F) : 1;
        for (const char* huge :
             {"84FFFFFFFF", "847FFFFFFF", "8480000000", "8401000000", "83FFFFFF", "82FFFF"}) {
            Bytes damaged{file[0]};
            append(damaged, fromHex(huge));
            damaged.insert(damaged.end(), file.begin() + 1 + static_cast<std::ptrdiff_t>(lengthBytes),
                           file.end());
            EXPECT_FALSE(accepted(p, damaged)) << huge;
        }
        Bytes tooLong = file;
        tooLong[1 + lengthBytes - 1] += 1;  // the first object claims one byte more than there is
        EXPECT_FALSE(accepted(p, tooLong));
        Bytes fiveLengthBytes{file[0]};
        append(fiveLengthBytes, fromHex("850000000010"));
        EXPECT_FALSE(accepted(p, fiveLengthBytes));
    }
}

TEST(MalformedPkcs15IsRejected, WrongTopLevelTagsThrow) {
    for (const Parser& p : parsers()) {
        SCOPED_TRACE(p.sample);
        const Bytes file = test::sample(p.sample);
        for (std::uint8_t tag : {0x04, 0x02, 0x31, 0x0C}) {
            Bytes damaged = file;
            damaged[0] = tag;
            EXPECT_FALSE(accepted(p, damaged)) << int(tag);
        }
    }
}

TEST(MalformedPkcs15IsRejected, DeepNestingAndManyObjectsAreBounded) {
    // 10 000 empty PIN choices of an unknown kind: over the per-file object limit.
    Bytes many;
    for (int i = 0; i < 10000; ++i) append(many, fromHex("A200"));
    EXPECT_THROW(parseAodf(many), Pkcs15Error);
    // Deeply nested constructed values are only walked as far as the grammar goes.
    Bytes nested = fromHex("0500");
    for (int i = 0; i < 2000; ++i) nested = encodeTlv(0x30, nested);
    EXPECT_THROW(parseAodf(nested), Pkcs15Error);
    EXPECT_THROW(parsePrkdf(nested), Pkcs15Error);
    EXPECT_THROW(parseTokenInfo(nested), Pkcs15Error);
}

}  // namespace
}  // namespace ias::api
