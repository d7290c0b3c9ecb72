#pragma once
// Every text of the window, translated (gettext domain "ias-pin-change", po/).
#include <string>

#include "Language.h"

#include "CardSnapshot.h"

namespace ias::pinchange {

inline constexpr const char* kTextDomain = "ias-pin-change";

using ias::pinui::dialog::formatText;
using ias::pinui::dialog::tr;
// Marks a text for translation where it is translated later (gettext's N_).
constexpr const char* N_(const char* english) {
    return english;
}
std::string presenceText(const CardSnapshot& snapshot);
std::string triesText(const PinChoice& pin);
std::string pukTriesText(const PukChoice& puk);
std::string lengthRulesText(bool digitsOnly, std::size_t minLength, std::size_t maxLength);
std::string rulesText(const PinChoice& pin);
// A blocked PIN: what to do (the PUK, or the issuer when there is none or it is blocked too).
std::string blockedAdviceText(const PinChoice& pin);
std::string pukBlockedText();
std::string outcomeText(const ChangeOutcome& outcome, const PinChoice* pin);

}  // namespace ias::pinchange
