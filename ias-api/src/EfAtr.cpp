#include "EfAtr.h"

#include <string>
#include <vector>

#include "ias/apdu/Tlv.h"
#include "ias/api/ApiError.h"

namespace ias::api::detail {
namespace {

[[noreturn]] void bad(const std::string& what) {
    throw ApiError(ApiErrorKind::CardContent, what);
}

BufferSizes parseBufferSizes(ByteView e0) {
    // Four INTEGERs 02 02 HHLL: send, send under SM, receive, receive under SM (facts §2).
    std::vector<std::size_t> v;
    for (const Tlv& t : parseTlvList(e0)) {
        if (t.tag != 0x02 || t.value.empty() || t.value.size() > 3) bad("EF.ATR E0: not a list of sizes");
        std::size_t n = 0;
        for (std::uint8_t b : t.value) n = (n << 8) | b;
        v.push_back(n);
    }
    if (v.size() < 4) bad("EF.ATR E0: fewer than four sizes");
    for (std::size_t n : v)
        if (n < 16) bad("EF.ATR E0: buffer size below 16");
    return BufferSizes{v[0], v[1], v[2], v[3]};
}

}  // namespace

EfAtrContent parseEfAtr(ByteView efAtr) {
    EfAtrContent out;
    try {
        // A TLV list, possibly followed by filling.
        std::size_t pos = 0;
        while (pos < efAtr.size() && efAtr[pos] != 0x00 && efAtr[pos] != 0xFF) {
            const Tlv t = parseTlv(efAtr, pos);
            if (t.tag == 0x46) out.preIssuing.assign(t.value.begin(), t.value.end());
            if (t.tag == 0xE0) out.buffers = parseBufferSizes(t.value);
        }
    } catch (const TlvError& e) {
        bad(std::string("EF.ATR: ") + e.what());
    }
    return out;
}

Bytes parseEfSn(ByteView efSn) {
    try {
        std::size_t at = 0;
        const Tlv t = parseTlv(efSn, at);
        if (t.tag != 0x5A || t.value.empty()) bad("EF.SN has no 5A");
        return Bytes(t.value.begin(), t.value.end());
    } catch (const TlvError& e) {
        bad(std::string("EF.SN: ") + e.what());
    }
}

}  // namespace ias::api::detail
