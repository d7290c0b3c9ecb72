#pragma once
// Every text of the window, translated (gettext domain "ias-pin-change", po/).
#include <string>

#include "CardSnapshot.h"

namespace ias::pinchange {

inline constexpr const char* kTextDomain = "ias-pin-change";

std::string tr(const char* english);
// Marks a text for translation where it is translated later (gettext's N_).
constexpr const char* N_(const char* english) {
    return english;
}
std::string presenceText(const CardSnapshot& snapshot);
std::string triesText(const PinChoice& pin);
std::string rulesText(const PinChoice& pin);
std::string outcomeText(const ChangeOutcome& outcome, const PinChoice* pin);

}  // namespace ias::pinchange
