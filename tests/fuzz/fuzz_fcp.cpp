// libFuzzer target: the FCP of a SELECT answer (ias::api::detail::parseFcp), its access rules, and the
// minimal FCP the content cache keeps, which must parse back to the same size and rules.
#include <cstddef>
#include <cstdint>

#include "Fcp.h"
#include "FuzzCardData.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ias::fuzz::expectParsedOrCardContentError([&] {
        const ias::api::detail::Fcp fcp = ias::api::detail::parseFcp(ias::ByteView(data, size));
        if (fcp.rules)
            for (std::uint8_t bit : ias::fuzz::kAccessModeBits) (void)fcp.rules->rule(bit).secureMessaging();
        const ias::Bytes kept = ias::api::detail::encodeMinimalFcp(fcp);
        const ias::api::detail::Fcp again = ias::api::detail::parseFcp(ias::view(kept));
        if (again.size != fcp.size || again.rules.has_value() != fcp.rules.has_value() ||
            (fcp.rules && again.rules->bytes() != fcp.rules->bytes()))
            __builtin_trap();  // the cache would remember another file than the card has
    });
    return 0;
}
