#pragma once
// The hash of a document, read in fixed-size pieces: a 1 GB file costs the same memory as a 1 kB one, and
// only the hash ever reaches the card.
#include <string>

#include "OpenSsl.h"

namespace ias::sign {

// Throws CmsError when the file cannot be read.
Bytes digestFile(const std::string& path, const EVP_MD* md);
// The hash of bytes in memory (signed attributes, a signature value).
Bytes digestBytes(const EVP_MD* md, const Bytes& data);

}  // namespace ias::sign
