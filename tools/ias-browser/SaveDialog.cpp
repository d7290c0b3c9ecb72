#include "SaveDialog.h"

#include <memory>

#include "Texts.h"

namespace ias::browser {

void chooseFileToSave(GtkWindow* parent, const std::string& title, const std::string& suggestedName,
                      const std::vector<FileFilter>& filters,
                      std::function<void(const std::string&)> chosen) {
    GtkFileChooserNative* chooser = gtk_file_chooser_native_new(
        title.c_str(), parent, GTK_FILE_CHOOSER_ACTION_SAVE, tr("_Export").c_str(), tr("_Cancel").c_str());
    GtkFileChooser* fc = GTK_FILE_CHOOSER(chooser);
    gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(chooser), TRUE);
    GFile* home = g_file_new_for_path(g_get_home_dir());
    gtk_file_chooser_set_current_folder(fc, home, nullptr);
    g_object_unref(home);
    gtk_file_chooser_set_current_name(fc, suggestedName.c_str());
    for (const FileFilter& f : filters) {
        GtkFileFilter* filter = gtk_file_filter_new();
        gtk_file_filter_set_name(filter, f.name.c_str());
        for (const std::string& p : f.patterns) gtk_file_filter_add_pattern(filter, p.c_str());
        gtk_file_chooser_add_filter(fc, filter);
        g_object_unref(filter);
    }
    using Chosen = std::function<void(const std::string&)>;
    g_signal_connect(chooser, "response",
                     G_CALLBACK(+[](GtkNativeDialog* dialog, int response, gpointer data) {
                         std::unique_ptr<Chosen> then(static_cast<Chosen*>(data));
                         std::string path;
                         if (response == GTK_RESPONSE_ACCEPT) {
                             if (GFile* file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog))) {
                                 char* p = g_file_get_path(file);
                                 if (p != nullptr) path = p;
                                 g_free(p);
                                 g_object_unref(file);
                             }
                         }
                         gtk_native_dialog_destroy(dialog);
                         g_object_unref(dialog);
                         if (!path.empty()) (*then)(path);
                     }),
                     new Chosen(std::move(chosen)));
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(chooser));
}

std::string fileNameFrom(const std::string& label, const std::string& fallback) {
    std::string name = label.empty() ? fallback : label;
    for (char& ch : name)
        if (ch == '/' || ch == ' ') ch = '-';
    return name;
}

}  // namespace ias::browser
