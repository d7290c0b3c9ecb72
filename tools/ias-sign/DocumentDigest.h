#pragma once
// The hash of a document, read in fixed-size pieces: a 1 GB file costs the same memory as a 1 kB one, and
// only the hash ever reaches the card.
#include <cstddef>
#include <functional>
#include <string>

#include "OpenSsl.h"

namespace ias::sign {

// Where a document's pieces go, in order.
using PieceSink = std::function<void(const unsigned char*, std::size_t)>;
// The hash of the pieces `feed` hands to its sink (a file, a container's entry), whatever their number.
Bytes digestPieces(const EVP_MD* md, const std::function<void(const PieceSink&)>& feed);
// Throws CmsError when the file cannot be read.
Bytes digestFile(const std::string& path, const EVP_MD* md);
// The hash of bytes in memory (signed attributes, a signature value).
Bytes digestBytes(const EVP_MD* md, const Bytes& data);

}  // namespace ias::sign
