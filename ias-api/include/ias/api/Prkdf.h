#pragma once
// PrKDF (7002): private keys. RSA and EC keys are modelled; other key types (GOST, DH, DSA, KEA) are skipped.
#include <vector>

#include "ias/api/Pkcs15Error.h"
#include "ias/api/Pkcs15Types.h"

namespace ias::api {

// Throws Pkcs15Error.
std::vector<PrivateKeyObject> parsePrkdf(ByteView file);

}  // namespace ias::api
