#include "SdoData.h"

#include "ias/apdu/Tlv.h"
#include "ias/api/ApiError.h"

namespace ias::api::detail {
namespace {

[[noreturn]] void bad(const std::string& what) {
    throw ApiError(ApiErrorKind::CardContent, what);
}

std::size_t unsignedValue(ByteView v, const char* what) {
    if (v.empty() || v.size() > 4) bad(std::string(what) + ": bad length");
    std::size_t n = 0;
    for (std::uint8_t b : v) n = (n << 8) | b;
    return n;
}

std::optional<AccessRules> rulesIn(const std::vector<Tlv>& items) {
    if (auto c = findTlv(items, 0x8C)) return AccessRules::parse(c->value);
    if (auto a1 = findTlv(items, 0xA1))
        if (auto c = findTlv(parseTlvList(a1->value), 0x8C)) return AccessRules::parse(c->value);
    return std::nullopt;
}

}  // namespace

AccessRules AccessRules::parse(ByteView value) {
    if (value.empty()) bad("access rules (8C) empty");
    int bits = 0;
    for (int b = 0; b < 7; ++b) bits += (value[0] >> b) & 1;
    // Cards may append rules for the contactless interface; fewer SCBs than AMB bits is malformed.
    if (value.size() < static_cast<std::size_t>(1 + bits)) bad("access rules (8C) shorter than its AMB says");
    AccessRules r;
    r.raw_.assign(value.begin(), value.begin() + 1 + bits);
    return r;
}

Scb AccessRules::rule(std::uint8_t bit) const {
    if (raw_.empty() || !(raw_[0] & bit)) return Scb{0xFF};
    std::size_t index = 1;
    for (std::uint8_t b = 0x40; b > bit; b >>= 1)
        if (raw_[0] & b) ++index;
    return Scb{raw_[index]};
}

Bytes getDataRequest(std::uint8_t sdoClass, std::uint8_t ref, std::uint32_t tag) {
    Bytes inner;
    appendTag(inner, tag);
    inner.push_back(0x80);  // "the whole template"
    const std::uint32_t sdoTag =
        0xBF0000u | (std::uint32_t{static_cast<std::uint8_t>(sdoClass | 0x80)} << 8) | ref;
    return encodeTlv(0x4D, encodeTlv(0x70, encodeTlv(sdoTag, inner)));
}

SdoAnswer parseSdoAnswer(ByteView data, std::uint8_t sdoClass, std::uint8_t ref) {
    try {
        const Tlv outer = parseSingleTlv(data);
        if (outer.tag != 0x70) bad("GET DATA answer is not 70");
        const Tlv sdoTlv = parseSingleTlv(outer.value);
        const std::uint32_t expected =
            0xBF0000u | (std::uint32_t{static_cast<std::uint8_t>(sdoClass | 0x80)} << 8) | ref;
        if (sdoTlv.tag != expected) bad("GET DATA answer names another SDO");
        SdoAnswer a;
        for (const Tlv& item : parseTlvList(sdoTlv.value)) {
            if (item.tag == 0xA0) {
                const auto docp = parseTlvList(item.value);
                a.rules = rulesIn(docp);
                if (auto s = findTlv(docp, 0x80)) a.size = unsignedValue(s->value, "DOCP size");
                if (auto m = findTlv(docp, 0x9A))
                    a.maxTries = static_cast<int>(unsignedValue(m->value, "9A"));
                if (auto l = findTlv(docp, 0x9B))
                    a.triesLeft = static_cast<int>(unsignedValue(l->value, "9B"));
            } else {
                a.templates[item.tag] = Bytes(item.value.begin(), item.value.end());
            }
        }
        return a;
    } catch (const TlvError& e) {
        bad(std::string("GET DATA answer: ") + e.what());
    }
}

std::vector<Crt> parseEnvironment(ByteView value) {
    std::vector<Crt> out;
    try {
        for (const Tlv& t : parseTlvList(value)) {
            Crt c;
            c.tag = static_cast<std::uint8_t>(t.tag);
            for (const Tlv& f : parseTlvList(t.value)) {
                if (f.value.size() != 1) continue;
                if (f.tag == 0x95) c.usage = f.value[0];
                if (f.tag == 0x80) c.algorithm = f.value[0];
                if (f.tag == 0x83 || f.tag == 0x84) c.references.push_back(f.value[0]);
            }
            out.push_back(std::move(c));
        }
    } catch (const TlvError& e) {
        bad(std::string("security environment: ") + e.what());
    }
    return out;
}

const Crt* findCrt(const std::vector<Crt>& crts, std::uint8_t tag, std::uint8_t usage) {
    for (const Crt& c : crts)
        if (c.tag == tag && c.usage == usage) return &c;
    return nullptr;
}

Fcp parseFcp(ByteView data) {
    try {
        const Tlv t = parseSingleTlv(data);
        if (t.tag != 0x62 && t.tag != 0x6F) bad("FCP is not 62");
        const auto items = parseTlvList(t.value);
        Fcp f;
        if (auto s = findTlv(items, 0x80)) f.size = unsignedValue(s->value, "FCP size");
        f.rules = rulesIn(items);
        if (auto id = findTlv(items, 0x83)) f.fid.assign(id->value.begin(), id->value.end());
        return f;
    } catch (const TlvError& e) {
        bad(std::string("FCP: ") + e.what());
    }
}

}  // namespace ias::api::detail
