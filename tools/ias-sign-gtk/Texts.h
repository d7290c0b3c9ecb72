#pragma once
// Every text of the signing window, translated (gettext domain "ias-sign-gtk", po/). Values from the file
// (names, serials, times) and the verifier's details are shown as they are.
#include <string>

#include "CmsVerify.h"
#include "ExitCode.h"
#include "Language.h"
#include "SignFlows.h"

namespace ias::signgtk {

inline constexpr const char* kTextDomain = "ias-sign-gtk";

using ias::pinui::dialog::formatText;
using ias::pinui::dialog::tr;

std::string usageText();
// What a failed action means and what to do, by the command's exit code (the same codes as ias-sign's).
std::string errorText(const tool::ErrorReport& error);
std::string doneText(Action action);
std::string busyText(Action action);
// "Signer 1: Marie Dupont", "Counter-signer 1.1: …"
std::string signerTitle(const sign::SignerVerdict& v);
// "Verified", or why not in words (the verifier's detail follows on its own line).
std::string verdictText(const sign::SignerVerdict& v);
std::string qualifiedText(const sign::SignerVerdict& v);

}  // namespace ias::signgtk
