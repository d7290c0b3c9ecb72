#include "vcard/Acl.h"

#include <bit>
#include <stdexcept>

namespace ias::vcard {

Acl Acl::parse(ByteView bytes) {
    if (bytes.empty()) throw std::invalid_argument("ACL: empty");
    const auto expected = 1 + static_cast<std::size_t>(std::popcount(static_cast<unsigned>(bytes[0] & 0x7F)));
    if (bytes.size() != expected)
        throw std::invalid_argument("ACL: the number of SCBs does not match the AMB");
    Acl acl;
    acl.bytes_.assign(bytes.begin(), bytes.end());
    return acl;
}

std::uint8_t Acl::scb(std::uint8_t operationBit) const {
    if (bytes_.empty() || !(bytes_[0] & operationBit)) return scb::Never;
    std::size_t index = 1;
    for (std::uint8_t mask = 0x40; mask > operationBit; mask >>= 1)
        if (bytes_[0] & mask) ++index;
    return bytes_[index];
}

}  // namespace ias::vcard
