#include "SdoAnswer.h"

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

}  // namespace

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
                a.rules = findAccessRules(docp);
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

ChvLengths parseChvLengths(ByteView value) {
    try {
        const auto items = parseTlvList(value);
        ChvLengths out;
        if (const auto mx = findTlv(items, 0x80); mx && mx->value.size() == 1) out.max = mx->value[0];
        if (const auto mn = findTlv(items, 0x81); mn && mn->value.size() == 1) out.min = mn->value[0];
        return out;
    } catch (const TlvError&) {
        bad("CHV 7F41 malformed");
    }
}

std::optional<RsaPublicValues> parseRsaPublicKey(ByteView value) {
    try {
        const auto items = parseTlvList(value);
        const auto n = findTlv(items, 0x81);
        const auto e = findTlv(items, 0x82);
        if (!n || !e || n->value.empty()) return std::nullopt;
        RsaPublicValues out;
        out.modulus.assign(n->value.begin(), n->value.end());
        out.exponent.assign(e->value.begin(), e->value.end());
        while (out.modulus.size() > 1 && out.modulus[0] == 0) out.modulus.erase(out.modulus.begin());
        return out;
    } catch (const TlvError& e) {
        bad(std::string("public key 7F49: ") + e.what());
    }
}

}  // namespace ias::api::detail
