#pragma once
// The few DER steps counter-signatures need around OpenSSL: find an element's extent, and wrap content in a
// tag. OpenSSL 3.0 has no public encoder or decoder for a lone SignerInfo (no i2d/d2i_CMS_SignerInfo), so a
// counter-signer's SignerInfo is cut out of a SignedData OpenSSL wrote, and put back into one to be read.
#include <cstddef>

#include "OpenSsl.h"

namespace ias::sign::der {

struct Element {
    std::uint8_t tag = 0;  // single-byte tags only: all CMS needs here
    std::size_t start = 0, contentStart = 0, end = 0;
};

// The element at `at` within [at, limit). Throws CmsError when it is not definite-length DER that fits.
Element at(const Bytes& data, std::size_t at, std::size_t limit);
// The children of a constructed element, in order.
std::vector<Element> children(const Bytes& data, const Element& parent);
Bytes wrap(std::uint8_t tag, const Bytes& content);
Bytes slice(const Bytes& data, const Element& e);

}  // namespace ias::sign::der
