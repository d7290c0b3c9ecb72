#pragma once
// The report's words in the user's language: gettext, text domain "ias-diag" (tools/ias-diag/po). Without a
// catalogue for the language (English, "C", no locale) every text is its English msgid, exactly as written.
// Check ids, statuses (OK/WARN/FAIL/SKIP), JSON keys, detail kinds and values are never translated; detail
// field names are, for people only (detailLabel; the extraction keyword is Detail::add).
#include <initializer_list>
#include <string>

namespace ias::diag {

inline constexpr const char* kTextDomain = "ias-diag";

// The English text, translated.
std::string tr(const char* english);
// The English pattern, translated, with %1 … %9 replaced by `args` (a translation may reorder them).
std::string trf(const char* english, std::initializer_list<std::string> args);
// One of two English forms chosen by n (ngettext), translated, then %1 … %9 replaced.
std::string trnf(const char* singular, const char* plural, unsigned long n,
                 std::initializer_list<std::string> args);
// A detail's field name (Check.h, Detail::add) for people, translated; in English the name itself, as the
// verbose text report prints it. JSON keys are the names, never this.
std::string detailLabel(const std::string& field);
// %1 … %9 in `pattern` replaced in one pass (an argument holding "%2" stays as it is).
std::string substitute(const std::string& pattern, std::initializer_list<std::string> args);

// The language from LANGUAGE, LC_ALL, LC_MESSAGES, LANG (the rule of pin-ui's selectLanguage) for messages
// only: numbers and dates keep the "C" rules. Then binds the catalogue (bindReportCatalogue).
void selectReportLanguage();
// Binds the "ias-diag" catalogue for a program that chose its language itself (a window): looked for in
// <executable's dir>/locale and <executable's dir>/../ias-diag/locale (build tree), else the installed one.
void bindReportCatalogue();

}  // namespace ias::diag
