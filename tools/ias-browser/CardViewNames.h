#pragma once
// The card's page, its reading and its files out are the library ias_card_view (tools/card-view), shared
// with `ias-tool list --json` and `ias-tool export`; the window uses its names as its own.
#include "Attention.h"
#include "CardPage.h"
#include "CardPageRead.h"
#include "CertificateFiles.h"

namespace ias::browser {
using namespace ias::cardview;
}  // namespace ias::browser
