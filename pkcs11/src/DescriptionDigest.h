#pragma once
// A SHA-256 over everything a CardDescription holds: how a confirmation made in another process (the
// ias-card-confirm helper, docs/pkcs11.md "Reading ahead") says which content the card holds, so that the
// module can tell it from the content it showed without the helper knowing what that was.
#include <string>

#include "TokenBackend.h"

namespace ias::p11 {

// Lower-case hex. Equal descriptions give equal digests; every field is length-prefixed (no two
// descriptions serialise alike).
std::string descriptionDigest(const CardDescription& d);

}  // namespace ias::p11
