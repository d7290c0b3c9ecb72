#pragma once
// The page's states as the machine-readable channels name them (ias-browser's status lines, the JSON report):
// English words, never translated.
#include "Attention.h"
#include "CardPage.h"

namespace ias::cardview {

const char* presenceName(Presence p);
const char* roleName(api::PinRole r);
const char* certificateStateName(CertificateState s);
const char* attentionName(AttentionItem::Kind k);

}  // namespace ias::cardview
