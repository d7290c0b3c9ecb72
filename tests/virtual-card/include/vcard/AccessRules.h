#pragma once
// Evaluation of an SCB the way an IAS-ECC card does it (ias-ecc-card-facts.md §3):
//   00 always; FF never;
//   1n user authentication: the PIN named by SE n's A4 CRT with usage 08 (83 = PIN reference) is verified;
//   4n secure messaging: the command arrived under an SM session opened with the keyset of SE n's A4 CRT
//      with usage C0;
//   2n external authentication: not supported by this card (never satisfied);
//   80 bit: all the methods present are required; without it, any one suffices.
// SE n is looked up from the DF holding the protected object upwards.
#include <cstdint>

#include "vcard/CardModel.h"
#include "vcard/SecurityState.h"

namespace ias::vcard {

bool conditionMet(const SecurityState& security, bool underSm, FileNode& objectDf, std::uint8_t scbByte);
// Throws StatusError(6982) when the condition is not met.
void requireAccess(const SecurityState& security, bool underSm, FileNode& objectDf, std::uint8_t scbByte);
// Forgets the PIN verification(s) that satisfy `scbByte` (a signature key's PIN after each signature).
void forgetUserAuthentication(SecurityState& security, FileNode& objectDf, std::uint8_t scbByte);

}  // namespace ias::vcard
