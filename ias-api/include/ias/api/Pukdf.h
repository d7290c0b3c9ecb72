#pragma once
// PuKDF (7004): public keys. RSA and EC keys are modelled; other key types are skipped.
#include <vector>

#include "ias/api/Pkcs15Error.h"
#include "ias/api/Pkcs15Types.h"

namespace ias::api {

// Throws Pkcs15Error.
std::vector<PublicKeyObject> parsePukdf(ByteView file);

}  // namespace ias::api
