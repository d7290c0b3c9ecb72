#pragma once
// Saving the report: the file chooser (GTK 4.8: GtkFileChooserNative, the portal's when there is one), the
// file written by the command line's renderers (a name ending in .json gets the JSON, any other the text),
// and the folder opened in the desktop's file manager.
#include <gtk/gtk.h>

#include <functional>
#include <string>

#include "Check.h"

namespace ias::diaggtk {

enum class ReportFormat { Text, Json };

ReportFormat formatOf(const std::string& path);
// The report as ias-diag writes it: `ias-diag --verbose` for text (the details help the support desk),
// `ias-diag --json` for JSON.
std::string renderReport(const ias::diag::Report& report, ReportFormat format);
// Writes the file; false when it could not be written.
bool writeReport(const std::string& path, const ias::diag::Report& report, ReportFormat format);

// Asks where to save, starting in `folder`; `chosen` gets the path (not called on cancel).
void chooseReportFile(GtkWindow* parent, const std::string& folder, std::function<void(std::string)> chosen);

// Opens `folder` (or a file's page) with the desktop's default application; false when none could.
bool openInDesktop(const std::string& path);

}  // namespace ias::diaggtk
