#pragma once
// The dialog's single answer line, read into secure memory, turned into a PromptResult. Private.
#include "ias/pinui/PinPrompt.h"

namespace ias::pinui::detail {

// `line` holds one answer ending in "\n" and nothing after it: "OK <pin>\n", "CANCEL\n" or
// "ERROR <reason>\n". A PIN outside `rules` or anything else is Unavailable.
PromptResult parseAnswer(const SecureBuffer& line, const PinRules& rules);

// "SHOWN\n" or "ERROR <reason>\n" from a PIN-pad notice: empty string when shown, else why not.
std::string parseNoticeAnswer(const SecureBuffer& line);

}  // namespace ias::pinui::detail
