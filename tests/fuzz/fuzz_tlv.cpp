// libFuzzer target: ias::parseTlvList in both modes, walking constructed values, and the DER property that
// re-encoding a parsed TLV gives back its exact bytes.
#include <cstddef>
#include <cstdint>

#include "ias/apdu/Tlv.h"

namespace {

void walk(ias::ByteView data, ias::TlvMode mode, int depth) {
    for (const ias::Tlv& t : ias::parseTlvList(data, mode)) {
        if (mode == ias::TlvMode::Der) {
            const ias::Bytes again = ias::encodeTlv(t.tag, t.value);
            if (again.size() != t.encoded.size() ||
                !std::equal(again.begin(), again.end(), t.encoded.begin()))
                __builtin_trap();  // a DER TLV must re-encode to itself
        }
        if (t.constructed() && depth < 64) {
            try {
                walk(t.value, mode, depth + 1);
            } catch (const ias::TlvError&) {
            }
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ias::ByteView input(data, size);
    for (ias::TlvMode mode : {ias::TlvMode::Ber, ias::TlvMode::Der}) {
        try {
            walk(input, mode, 0);
        } catch (const ias::TlvError&) {
        }
    }
    return 0;
}
