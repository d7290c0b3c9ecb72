#pragma once
// Reading the card's page: the calls of `ias-tool list` (identity, application, VERIFY without data for each
// counter, each certificate read to its ASN.1 length), one implementation for the window and the tool.
#include <string>

#include "CardPage.h"

namespace ias {
class PcscContext;
class Transport;
}  // namespace ias

namespace ias::cardview {

// Reads the card in `reader` (connects, reads, disconnects). Never throws: what failed lands in the page
// (Unknown with unknownWhy) or, for a card that left meanwhile, presence NoCard.
CardPage readCardPage(const PcscContext& context, const std::string& reader);
// The same over a connection the caller holds (ias-tool's session, its APDUs traced).
CardPage readCardPage(Transport& transport, const std::string& reader);

}  // namespace ias::cardview
