#pragma once
// EF.TokenInfo (5032): serial, labels, token flags and the supported algorithms of the card.
#include "ias/api/Pkcs15Error.h"
#include "ias/api/Pkcs15Types.h"

namespace ias::api {

// Throws Pkcs15Error.
TokenInfo parseTokenInfo(ByteView file);

}  // namespace ias::api
