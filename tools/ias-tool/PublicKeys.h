#pragma once
// A card's public key (ias::api::PublicKey) as an OpenSSL EVP_PKEY, and as PEM SubjectPublicKeyInfo.
#include <openssl/evp.h>

#include <memory>

#include "ias/apdu/Bytes.h"
#include "ias/api/CardModel.h"

namespace ias::tool {

using EvpKey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

EvpKey toEvpKey(const api::PublicKey& key);
Bytes publicKeyPem(EVP_PKEY* key);

}  // namespace ias::tool
