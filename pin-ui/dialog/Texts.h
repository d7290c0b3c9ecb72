#pragma once
// Every sentence the dialog shows, translated (gettext domain ias-pinentry). Texts that carry the caller's
// name are Pango markup with the name escaped.
#include <string>

#include "ias/pinui/PinRequest.h"

namespace ias::pinui::dialog {

std::string windowTitle();
std::string heading(const PinRequest& request);
std::string bodyMarkup(const PinRequest& request);
std::string tokenLine(const PinRequest& request);
std::string rulesLine(const PinRules& rules);
// Empty when the tries are unknown or not relevant (a new PIN).
std::string triesLine(const PinRequest& request);
bool triesAreCritical(const PinRequest& request);
std::string entryLabel(const PinRequest& request);
std::string confirmLabel();
std::string digitsOnlyProblem();
std::string mismatchProblem();
std::string cancelLabel();
std::string okLabel();
std::string pinPadWaiting();
std::string pinPadStaysOffComputer();

}  // namespace ias::pinui::dialog
