#include "ias/api/EfDir.h"

#include "Pkcs15Common.h"

namespace ias::api {

using namespace der;

namespace {

constexpr std::uint32_t kApplicationTemplate = 0x61;
constexpr std::uint32_t kAid = 0x4F;
constexpr std::uint32_t kLabel = 0x50;
constexpr std::uint32_t kPath = 0x51;
constexpr std::uint32_t kDiscretionaryData = 0x73;

// ISO 7816-4 templates hold interindustry data objects in any order; unknown ones are skipped,
// but a known one twice is ambiguous and refused.
DirRecord parseTemplate(const Tlv& tmpl, const std::string& where) {
    if (tmpl.tag != kApplicationTemplate)
        fail(where, "expected application template 61, found " + tagName(tmpl.tag));
    DirRecord out;
    bool seen[4] = {false, false, false, false};
    auto once = [&](int i, const char* name) {
        if (seen[i]) fail(where, std::string(name) + " twice");
        seen[i] = true;
    };
    Reader r(tmpl, where);
    while (!r.atEnd()) {
        const Tlv t = r.any("data object");
        switch (t.tag) {
            case kAid:
                once(0, "AID");
                out.aid = octets(t, 5, 16, where + ".aid");  // ISO 7816-5: RID (5) + PIX (<= 11)
                break;
            case kLabel:
                once(1, "label");
                out.label = utf8(t, p15::kMaxLabel, where + ".label");
                break;
            case kPath:
                once(2, "path");
                out.path = octets(t, 0, p15::kMaxPathBytes, where + ".path");
                if (out.path.size() % 2 != 0) fail(where + ".path", "odd number of bytes");
                break;
            case kDiscretionaryData:
                once(3, "discretionary data");
                out.ddo.assign(t.value.begin(), t.value.end());
                break;
            default:
                break;
        }
    }
    if (!seen[0]) fail(where, "application template without AID");
    return out;
}

}  // namespace

std::vector<DirRecord> parseEfDir(ByteView file) {
    return p15::guarded("EF.DIR", [&] {
        std::vector<DirRecord> out;
        const auto objects = fileObjects(file, p15::kMaxObjectsPerFile);
        for (std::size_t i = 0; i < objects.size(); ++i)
            out.push_back(parseTemplate(objects[i], "record " + std::to_string(i)));
        return out;
    });
}

DirRecord parseDirRecord(ByteView record) {
    return p15::guarded("EF.DIR",
                        [&] { return parseTemplate(parseSingleTlv(record, TlvMode::Der), "record"); });
}

}  // namespace ias::api
