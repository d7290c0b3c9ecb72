// libFuzzer target: GET DATA answers (ias::api::detail::parseSdoAnswer) for the SDO the answer names (or
// CHV 1 when it names none), then what the card layer reads in them: the DOCP's access rules, the CHV's
// PIN lengths (7F41), an RSA public key (7F49) and a security environment's CRTs (7B).
#include <cstddef>
#include <cstdint>

#include "FuzzCardData.h"
#include "SdoAnswer.h"
#include "ias/apdu/Tlv.h"

namespace {

// The class and reference of the SDO in 70 { BF cc rr ... }, as a caller would have asked for it.
std::pair<std::uint8_t, std::uint8_t> namedSdo(ias::ByteView answer) {
    try {
        std::size_t at = 0;
        const ias::Tlv outer = ias::parseTlv(answer, at);
        at = 0;
        const ias::Tlv inner = ias::parseTlv(outer.value, at);
        if ((inner.tag >> 16) == 0xBF)
            return {static_cast<std::uint8_t>((inner.tag >> 8) & 0x7F), static_cast<std::uint8_t>(inner.tag)};
    } catch (const ias::TlvError&) {
    }
    return {ias::api::detail::sdo::kChv, 0x01};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace d = ias::api::detail;
    const ias::ByteView input(data, size);
    const std::pair<std::uint8_t, std::uint8_t> named = namedSdo(input);
    ias::fuzz::expectParsedOrCardContentError([&] {
        const d::SdoAnswer a = d::parseSdoAnswer(input, named.first, named.second);
        if (a.rules)
            for (std::uint8_t bit : ias::fuzz::kAccessModeBits) (void)a.rules->rule(bit).environment();
        for (const auto& item : a.templates) {
            const std::uint32_t tag = item.first;
            const ias::ByteView v = ias::view(item.second);
            ias::fuzz::expectParsedOrCardContentError([&] {
                if (tag == 0x7F41) (void)d::parseChvLengths(v).cardPads();
                if (tag == 0x7F49)
                    if (const auto key = d::parseRsaPublicKey(v))
                        if (key->modulus.empty() || (key->modulus.size() > 1 && key->modulus[0] == 0))
                            __builtin_trap();
                if (tag == 0x7B) {
                    const auto crts = d::parseEnvironment(v);
                    for (std::uint8_t crt : {0xA4, 0xB6, 0xB8, 0xAA})
                        for (std::uint8_t usage : {0x08, 0xC0, 0x40})
                            if (const d::Crt* c = d::findCrt(crts, crt, usage)) (void)c->references.size();
                }
            });
        }
    });
    return 0;
}
