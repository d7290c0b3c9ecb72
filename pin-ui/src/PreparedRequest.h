#pragma once
// What is checked before a dialog process is started (a display, the program) and the request on the wire.
#include <string>

#include "ias/pinui/PinPrompt.h"

namespace ias::pinui::detail {

// The encoded request, or empty with `error` saying why no dialog can be shown. Fills in the caller's name
// when the request has none; `program` receives the dialog program to start.
std::string prepareRequest(PinRequest request, const PromptOptions& options, std::string& program,
                           std::string& error);

}  // namespace ias::pinui::detail
