// libFuzzer target: EF.SN (ias::api::detail::parseEfSn), the serial the cache key and SN.ICC come from.
#include <cstddef>
#include <cstdint>

#include "EfAtr.h"
#include "FuzzCardData.h"
#include "ias/sm/SmSession.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ias::fuzz::expectParsedOrCardContentError([&] {
        const ias::Bytes serial = ias::api::detail::parseEfSn(ias::ByteView(data, size));
        if (serial.empty() || ias::sm::snIccFromSerial(ias::view(serial)).size() != 8) __builtin_trap();
    });
    return 0;
}
