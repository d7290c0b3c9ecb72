#pragma once
// An IAS-ECC access rule as carried in tag 8C: an access mode byte (AMB) followed by one security
// condition byte (SCB) per AMB bit set, from bit 0x40 down to 0x01 (ias-ecc-card-facts.md §3).
#include <cstdint>

#include "ias/apdu/Bytes.h"

namespace ias::vcard {

// AMB bits per object type (the operation each bit guards).
namespace op {
// Files (EF) and DFs.
inline constexpr std::uint8_t Delete = 0x40;
inline constexpr std::uint8_t Activate = 0x10;
inline constexpr std::uint8_t Deactivate = 0x08;
inline constexpr std::uint8_t Update = 0x02;  // EF
inline constexpr std::uint8_t Create = 0x02;  // DF: create a child file or SDO
inline constexpr std::uint8_t Read = 0x01;    // EF
// CHV SDO.
inline constexpr std::uint8_t ChvChange = 0x40;
inline constexpr std::uint8_t ChvVerify = 0x20;
inline constexpr std::uint8_t ChvReset = 0x10;
// Key SDOs (RSA/EC private key).
inline constexpr std::uint8_t KeySign = 0x40;
inline constexpr std::uint8_t KeyInternalAuth = 0x20;
inline constexpr std::uint8_t KeyDecipher = 0x10;
inline constexpr std::uint8_t KeyGenerate = 0x08;
// Keyset SDO.
inline constexpr std::uint8_t KeysetExternalAuth = 0x20;
inline constexpr std::uint8_t KeysetMutualAuth = 0x08;
// Every SDO.
inline constexpr std::uint8_t SdoPut = 0x02;
inline constexpr std::uint8_t SdoGet = 0x01;
}  // namespace op

namespace scb {
inline constexpr std::uint8_t Always = 0x00;
inline constexpr std::uint8_t Never = 0xFF;
inline constexpr std::uint8_t AllConditions = 0x80;
inline constexpr std::uint8_t SecureMessaging = 0x40;
inline constexpr std::uint8_t ExternalAuth = 0x20;
inline constexpr std::uint8_t UserAuth = 0x10;
inline constexpr std::uint8_t SeMask = 0x0F;
}  // namespace scb

class Acl {
public:
    Acl() = default;
    // Throws std::invalid_argument when the number of SCBs does not match the AMB.
    static Acl parse(ByteView bytes);
    // The SCB guarding `operationBit`; Never when the AMB does not have that bit.
    std::uint8_t scb(std::uint8_t operationBit) const;
    const Bytes& bytes() const { return bytes_; }

private:
    Bytes bytes_;  // AMB || SCBs; empty = everything forbidden
};

}  // namespace ias::vcard
