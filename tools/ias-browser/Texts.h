#pragma once
// Every text of the card browser, translated (gettext domain "ias-browser", po/). The card's own labels
// ("Auth PIN") are shown as the card gives them.
#include <string>
#include <vector>

#include "AtrWords.h"
#include "CardViewNames.h"
#include "ChainCheck.h"
#include "Language.h"

namespace ias::browser {

inline constexpr const char* kTextDomain = "ias-browser";

using ias::pinui::dialog::tr;
// Marks a text for translation where it is translated later (gettext's N_).
constexpr const char* N_(const char* english) {
    return english;
}
using ias::pinui::dialog::formatText;
// ngettext with one %d.
std::string countText(const char* singular, const char* plural, int n);

std::string presenceTitle(Presence presence);
std::string presenceAdvice(const CardPage& page);
// The ATR decoded, one sentence per fact.
std::vector<std::string> atrLines(const AtrFacts& facts);
// "IAS-ECC 1.0, chip OS 2.1, manufacturer 00" from EF.ATR's pre-issuing data; empty when it is absent.
std::string chipText(const api::CardIdentity& identity);
std::string buffersText(const api::BufferSizes& buffers);
std::string roleText(api::PinRole role);
// "2 tries left of 3", "Blocked", "Verified in this card session", "Tries left unknown".
std::string pinStateText(const PinView& pin);
// "Valid until 2027-12-03 (368 days)", "Expires in 12 days", "Expired on …", "Not valid before …".
std::string certificateStateText(const CertificateView& c);
std::string revocationText();
std::string chainTrustText(const ChainView& chain);
std::string attentionText(const AttentionItem& item);
std::string attentionNoneText();

}  // namespace ias::browser
