#pragma once
// AODF (7001): authentication objects. Only PINs are modelled; biometric, authKey and external
// authentication objects are skipped.
#include <vector>

#include "ias/api/Pkcs15Error.h"
#include "ias/api/Pkcs15Types.h"

namespace ias::api {

// Throws Pkcs15Error.
std::vector<PinObject> parseAodf(ByteView file);

}  // namespace ias::api
