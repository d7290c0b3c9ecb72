#pragma once
// Internal: DER encoding of the PKCS#15 entries administration adds (PKCS#15 v1.1 / ISO 7816-15, in the
// forms the parsers of this library and OpenSC 0.23 read), and editing of a directory file's object list.
#include <vector>

#include "ias/api/Pkcs15Types.h"

namespace ias::api::detail {

Bytes encodePrivateKeyEntry(const PrivateKeyObject& key);  // RSA only
Bytes encodePublicKeyEntry(const PublicKeyObject& key);    // RSA, indirect (path) value only
Bytes encodeCertificateEntry(const CertificateObject& certificate);

// The top-level objects of a directory file's content, each as its encoded bytes.
std::vector<Bytes> splitObjects(ByteView content);
Bytes joinObjects(const std::vector<Bytes>& objects);

}  // namespace ias::api::detail
