#include "AboutWindow.h"

#include <libintl.h>
#include <sys/stat.h>

#include <fstream>

#include "Language.h"
#include "ias/api/Version.h"

namespace ias::pinui::dialog {

namespace {

// The shared windows' words are in ias-pinentry's catalogue, bound by selectLanguage for every program.
const char* sharedWord(const char* english) {
    return ::dgettext(kTextDomain, english);
}

// The installed package's version from dpkg's database (no process started); empty when not installed.
std::string installedPackageVersion(const std::string& package) {
    std::ifstream status("/var/lib/dpkg/status");
    std::string line;
    bool ours = false;
    while (std::getline(status, line)) {
        if (line.empty()) {
            ours = false;
        } else if (line.rfind("Package: ", 0) == 0) {
            ours = line.substr(9) == package;
        } else if (ours && line.rfind("Version: ", 0) == 0) {
            return line.substr(9);
        }
    }
    return {};
}

bool exists(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> componentVersions(const AboutFacts& facts) {
    std::vector<std::pair<std::string, std::string>> parts;
    parts.emplace_back(facts.program, facts.version);
    parts.emplace_back("libias-api", ias::api::libraryVersion());
    const std::string package = installedPackageVersion(IAS_PACKAGE_NAME);
    parts.emplace_back(std::string("package ") + IAS_PACKAGE_NAME,
                       package.empty() ? sharedWord("not installed") : package);
    const std::string module = IAS_MODULE_INSTALLED_PATH;
    parts.emplace_back("libias-pkcs11.so", exists(module) ? module : sharedWord("not installed"));
    return parts;
}

std::string componentVersionsText(const AboutFacts& facts) {
    std::string text;
    for (const auto& [name, version] : componentVersions(facts)) text += name + ": " + version + "\n";
    return text;
}

void showAboutWindow(GtkWindow* parent, const AboutFacts& facts) {
    GtkWidget* about = gtk_about_dialog_new();
    GtkAboutDialog* a = GTK_ABOUT_DIALOG(about);
    gtk_window_set_transient_for(GTK_WINDOW(about), parent);
    gtk_window_set_modal(GTK_WINDOW(about), TRUE);
    gtk_window_set_title(GTK_WINDOW(about), sharedWord("About"));
    gtk_about_dialog_set_program_name(a, facts.title.c_str());
    gtk_about_dialog_set_version(a, (facts.program + " " + facts.version).c_str());
    gtk_about_dialog_set_comments(a, facts.purpose.c_str());
    gtk_about_dialog_set_logo_icon_name(a, "auth-smartcard");
    gtk_about_dialog_set_license_type(a, GTK_LICENSE_LGPL_2_1);
    gtk_about_dialog_set_system_information(a, componentVersionsText(facts).c_str());
    if (!facts.documentation.empty()) {
        const std::string page = std::string(IAS_DOC_DIR) + "/" + facts.documentation;
        gtk_about_dialog_set_website(a, ("file://" + page).c_str());
        gtk_about_dialog_set_website_label(a, sharedWord("Documentation"));
    }
    gtk_accessible_update_property(GTK_ACCESSIBLE(about), GTK_ACCESSIBLE_PROPERTY_LABEL, sharedWord("About"),
                                   -1);
    gtk_window_present(GTK_WINDOW(about));
}

}  // namespace ias::pinui::dialog
