#pragma once
// ODF (5031): the object directory, a list of [n] Path choices naming the directory files.
#include "ias/api/Pkcs15Error.h"
#include "ias/api/Pkcs15Types.h"

namespace ias::api {

// Entries whose value is not a Path (objects stored in the ODF itself) and unknown kinds are skipped.
// Throws Pkcs15Error.
Odf parseOdf(ByteView file);

}  // namespace ias::api
