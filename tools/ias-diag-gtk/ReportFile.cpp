#include "ReportFile.h"

#include <fstream>

#include "Render.h"
#include "Texts.h"

namespace ias::diaggtk {

ReportFormat formatOf(const std::string& path) {
    const std::string suffix = ".json";
    const bool json = path.size() >= suffix.size() &&
                      g_ascii_strcasecmp(path.c_str() + path.size() - suffix.size(), suffix.c_str()) == 0;
    return json ? ReportFormat::Json : ReportFormat::Text;
}

std::string renderReport(const ias::diag::Report& report, ReportFormat format) {
    return format == ReportFormat::Json ? ias::diag::renderJson(report) : ias::diag::renderText(report, true);
}

bool writeReport(const std::string& path, const ias::diag::Report& report, ReportFormat format) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << renderReport(report, format);
    out.close();
    return static_cast<bool>(out);
}

void chooseReportFile(GtkWindow* parent, const std::string& folder, std::function<void(std::string)> chosen) {
    GtkFileChooserNative* chooser =
        gtk_file_chooser_native_new(tr("Save the report").c_str(), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                    tr("_Save").c_str(), tr("_Cancel").c_str());
    GtkFileChooser* fc = GTK_FILE_CHOOSER(chooser);
    gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(chooser), TRUE);
    GFile* start = g_file_new_for_path(folder.c_str());
    gtk_file_chooser_set_current_folder(fc, start, nullptr);
    g_object_unref(start);
    gtk_file_chooser_set_current_name(fc, "ias-diag-report.txt");
    GtkFileFilter* text = gtk_file_filter_new();
    gtk_file_filter_set_name(text, tr("Text report (.txt)").c_str());
    gtk_file_filter_add_pattern(text, "*.txt");
    GtkFileFilter* json = gtk_file_filter_new();
    gtk_file_filter_set_name(json, tr("JSON report for programs (.json)").c_str());
    gtk_file_filter_add_pattern(json, "*.json");
    gtk_file_chooser_add_filter(fc, text);
    gtk_file_chooser_add_filter(fc, json);
    g_object_unref(text);
    g_object_unref(json);

    auto* held = new std::function<void(std::string)>(std::move(chosen));
    g_signal_connect(chooser, "response",
                     G_CALLBACK(+[](GtkNativeDialog* dialog, int response, gpointer data) {
                         auto* callback = static_cast<std::function<void(std::string)>*>(data);
                         std::string path;
                         if (response == GTK_RESPONSE_ACCEPT) {
                             GFile* file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog));
                             if (file != nullptr) {
                                 char* p = g_file_get_path(file);
                                 if (p != nullptr) path = p;
                                 g_free(p);
                                 g_object_unref(file);
                             }
                         }
                         gtk_native_dialog_destroy(dialog);
                         if (!path.empty()) (*callback)(path);
                         delete callback;
                         g_object_unref(dialog);
                     }),
                     held);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(chooser));
}

bool openInDesktop(const std::string& path) {
    char* uri = g_filename_to_uri(path.c_str(), nullptr, nullptr);
    if (uri == nullptr) return false;
    const bool ok = g_app_info_launch_default_for_uri(uri, nullptr, nullptr) != FALSE;
    g_free(uri);
    return ok;
}

}  // namespace ias::diaggtk
