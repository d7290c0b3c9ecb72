#pragma once
// CDF (7005): certificates. X.509 certificates are modelled; other certificate types are skipped.
#include <vector>

#include "ias/api/Pkcs15Error.h"
#include "ias/api/Pkcs15Types.h"

namespace ias::api {

// Throws Pkcs15Error.
std::vector<CertificateObject> parseCdf(ByteView file);

}  // namespace ias::api
