// libFuzzer target: EF.ATR (ias::api::detail::parseEfAtr): tags 46 and E0 among any others, filling, and
// buffer sizes the reads are then cut to (never below 16).
#include <cstddef>
#include <cstdint>

#include "EfAtr.h"
#include "FuzzCardData.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ias::fuzz::expectParsedOrCardContentError([&] {
        const auto atr = ias::api::detail::parseEfAtr(ias::ByteView(data, size));
        const ias::api::BufferSizes& b = atr.buffers;
        if (b.send < 16 || b.sendSm < 16 || b.receive < 16 || b.receiveSm < 16) __builtin_trap();
    });
    return 0;
}
