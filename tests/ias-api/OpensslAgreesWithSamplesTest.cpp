// An independent reader, `openssl asn1parse`, walks each sample: it must accept it, and the number of
// top-level objects it sees must be the number of objects the parsers return (all kinds are modelled).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "TestData.h"
#include "ias/api/Aodf.h"
#include "ias/api/Cdf.h"
#include "ias/api/EfDir.h"
#include "ias/api/Prkdf.h"
#include "ias/api/Pukdf.h"
#include "ias/api/TokenInfo.h"

namespace ias::api {
namespace {

struct Asn1Parse {
    int status = -1;
    std::string text;
};

Asn1Parse asn1parse(const std::string& sample) {
    Asn1Parse out;
    const std::string cmd = "openssl asn1parse -inform DER -in '" + test::dataPath(sample) + "' 2>&1";
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) return out;
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.text.append(buf, n);
    out.status = pclose(pipe);
    return out;
}

// asn1parse prints one line per element, "  <offset>:d=<depth>  hl=.. l=..": count the depth-0 ones.
std::size_t topLevelObjects(const std::string& text) {
    std::size_t count = 0;
    for (std::size_t at = text.find(":d=0 "); at != std::string::npos; at = text.find(":d=0 ", at + 1))
        ++count;
    return count;
}

TEST(OpensslAgreesWithSamples, ObjectCountsMatch) {
    const struct {
        const char* sample;
        std::size_t parsed;
    } cases[] = {
        {"ef_dir.bin", parseEfDir(test::sample("ef_dir.bin")).size()},
        {"aodf.bin", parseAodf(test::sample("aodf.bin")).size()},
        {"prkdf.bin", parsePrkdf(test::sample("prkdf.bin")).size()},
        {"pukdf.bin", parsePukdf(test::sample("pukdf.bin")).size()},
        {"cdf.bin", parseCdf(test::sample("cdf.bin")).size()},
    };
    for (const auto& c : cases) {
        const Asn1Parse p = asn1parse(c.sample);
        ASSERT_EQ(p.status, 0) << c.sample << "\n" << p.text;
        EXPECT_EQ(topLevelObjects(p.text), c.parsed) << c.sample;
    }
}

TEST(OpensslAgreesWithSamples, LabelsAndNumbersAreWhereOpensslSeesThem) {
    const Asn1Parse aodf = asn1parse("aodf.bin");
    ASSERT_EQ(aodf.status, 0);
    for (const PinObject& pin : parseAodf(test::sample("aodf.bin")))
        EXPECT_NE(aodf.text.find("UTF8STRING        :" + pin.common.label), std::string::npos)
            << pin.common.label;

    const Asn1Parse ti = asn1parse("tokeninfo.bin");
    ASSERT_EQ(ti.status, 0);
    const TokenInfo info = parseTokenInfo(test::sample("tokeninfo.bin"));
    EXPECT_NE(ti.text.find("UTF8STRING        :" + info.manufacturerId), std::string::npos);
    EXPECT_NE(ti.text.find("[HEX DUMP]:" + toHex(info.serialNumber)), std::string::npos);
    // asn1parse prints known OIDs by their short names.
    EXPECT_NE(ti.text.find("OBJECT            :sha1"), std::string::npos);
    EXPECT_NE(ti.text.find("OBJECT            :sha256"), std::string::npos);
    EXPECT_NE(ti.text.find("OBJECT            :prime256v1"), std::string::npos);
}

}  // namespace
}  // namespace ias::api
