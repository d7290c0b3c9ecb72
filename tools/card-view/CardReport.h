#pragma once
// The card's public content as JSON: what the card browser's page shows (reader, card, PINs with tries left,
// keys, certificates with their validity, what needs attention), for scripts and support desks. Written by
// `ias-tool list --json` and the window's "Save report…", from one function. Never a PIN.
#include <nlohmann/json.hpp>

#include "CardPage.h"

namespace ias::cardview {

// Format version of the report; raised when a field changes meaning (fields may be added freely).
inline constexpr int kCardReportVersion = 1;

nlohmann::json cardReport(const CardPage& page);

}  // namespace ias::cardview
