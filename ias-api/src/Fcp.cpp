#include "Fcp.h"

#include <string>

#include "ias/apdu/Tlv.h"
#include "ias/api/ApiError.h"

namespace ias::api::detail {

Fcp parseFcp(ByteView data) {
    try {
        const Tlv t = parseSingleTlv(data);
        if (t.tag != 0x62 && t.tag != 0x6F) throw ApiError(ApiErrorKind::CardContent, "FCP is not 62");
        const auto items = parseTlvList(t.value);
        Fcp f;
        if (auto s = findTlv(items, 0x80)) {
            if (s->value.empty() || s->value.size() > 4)
                throw ApiError(ApiErrorKind::CardContent, "FCP size: bad length");
            for (std::uint8_t b : s->value) f.size = (f.size << 8) | b;
        }
        f.rules = findAccessRules(items);
        if (auto id = findTlv(items, 0x83)) f.fid.assign(id->value.begin(), id->value.end());
        return f;
    } catch (const TlvError& e) {
        throw ApiError(ApiErrorKind::CardContent, std::string("FCP: ") + e.what());
    }
}

Bytes encodeMinimalFcp(const Fcp& fcp) {
    // The size in two bytes as the card writes it, more only when it needs more (found by fuzz-fcp: a
    // size above FFFF lost its high bytes, and the cache then named another size than the card).
    Bytes size;
    for (std::size_t rest = fcp.size; rest != 0 || size.size() < 2; rest >>= 8)
        size.insert(size.begin(), static_cast<std::uint8_t>(rest));
    Bytes out;
    appendTlv(out, 0x80, size);
    if (fcp.rules) appendTlv(out, 0x8C, fcp.rules->bytes());
    return encodeTlv(0x62, out);
}

}  // namespace ias::api::detail
