#pragma once
// The card model of ias-api as the module's CardDescription: which PIN makes which token, what each key
// can sign (SignAlgorithms from the key's card mechanisms), and the labels browsers show.
#include <functional>

#include "TokenBackend.h"
#include "ias/api/Card.h"

namespace ias::p11 {

// `certificate(id)` gives the DER of the certificate with that iD, `publicKey(id)` the public half of a
// key without certificate (both read through the Card, cached).
CardDescription describeCard(const api::CardIdentity& identity, const api::Application& app,
                             const std::function<Bytes(ByteView)>& certificate,
                             const std::function<api::PublicKey(ByteView)>& publicKey);

SignAlgorithms signAlgorithmsOf(const api::KeyInfo& key);

}  // namespace ias::p11
