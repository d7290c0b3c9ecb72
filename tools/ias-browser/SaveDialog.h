#pragma once
// GTK's file chooser for saving one file, started in the holder's home folder with a suggested name and
// filters; `chosen` is called with the path on Save (not on Cancel), on GTK's thread.
#include <gtk/gtk.h>

#include <functional>
#include <string>
#include <vector>

namespace ias::browser {

struct FileFilter {
    std::string name;                   // "PEM (.pem)"
    std::vector<std::string> patterns;  // "*.pem"
};

void chooseFileToSave(GtkWindow* parent, const std::string& title, const std::string& suggestedName,
                      const std::vector<FileFilter>& filters, std::function<void(const std::string&)> chosen);

// A file name made from a label: no slashes or spaces.
std::string fileNameFrom(const std::string& label, const std::string& fallback);

}  // namespace ias::browser
