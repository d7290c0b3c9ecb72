#include "CheckRow.h"

#include "Texts.h"

namespace ias::diaggtk {
namespace {

GtkWidget* wrapped(const char* css) {
    GtkWidget* label = gtk_label_new("");
    gtk_label_set_wrap(GTK_LABEL(label), TRUE);
    gtk_label_set_wrap_mode(GTK_LABEL(label), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_xalign(GTK_LABEL(label), 0);
    gtk_label_set_selectable(GTK_LABEL(label), FALSE);
    if (css != nullptr) gtk_widget_add_css_class(label, css);
    return label;
}

const char* verdictClass(ias::diag::Status status) {
    switch (status) {
        case ias::diag::Status::Ok:
            return "verdict-ok";
        case ias::diag::Status::Warn:
            return "verdict-warn";
        case ias::diag::Status::Fail:
            return "verdict-fail";
        case ias::diag::Status::Skip:
            return "verdict-skip";
    }
    return "verdict-skip";
}

}  // namespace

CheckRow::CheckRow(const std::string& title) : title_(title) {
    row_ = gtk_list_box_row_new();
    GtkWidget* line = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_set_margin_top(line, 6);
    gtk_widget_set_margin_bottom(line, 6);
    gtk_widget_set_margin_start(line, 6);
    gtk_widget_set_margin_end(line, 6);

    // The verdict column: the spinner while the check runs, then the word (same width for every row).
    GtkWidget* mark = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
    gtk_widget_set_size_request(mark, 96, -1);
    gtk_widget_set_valign(mark, GTK_ALIGN_START);
    spinner_ = gtk_spinner_new();
    gtk_spinner_start(GTK_SPINNER(spinner_));
    gtk_box_append(GTK_BOX(mark), spinner_);
    verdict_ = gtk_label_new("");
    gtk_widget_add_css_class(verdict_, "heading");
    gtk_widget_set_visible(verdict_, FALSE);
    gtk_box_append(GTK_BOX(mark), verdict_);
    gtk_box_append(GTK_BOX(line), mark);

    GtkWidget* words = gtk_box_new(GTK_ORIENTATION_VERTICAL, 2);
    gtk_widget_set_hexpand(words, TRUE);
    GtkWidget* heading = wrapped("heading");
    gtk_label_set_text(GTK_LABEL(heading), title.c_str());
    gtk_box_append(GTK_BOX(words), heading);
    finding_ = wrapped(nullptr);
    gtk_label_set_text(GTK_LABEL(finding_), tr("Checking…").c_str());
    gtk_box_append(GTK_BOX(words), finding_);
    advice_ = wrapped("dim-label");
    gtk_widget_set_visible(advice_, FALSE);
    gtk_box_append(GTK_BOX(words), advice_);
    gtk_box_append(GTK_BOX(line), words);

    gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(row_), line);
    gtk_list_box_row_set_activatable(GTK_LIST_BOX_ROW(row_), FALSE);
    const std::string name = title + ": " + tr("checking…");
    gtk_accessible_update_property(GTK_ACCESSIBLE(row_), GTK_ACCESSIBLE_PROPERTY_LABEL, name.c_str(), -1);
}

void CheckRow::show(const ias::diag::CheckResult& result) {
    gtk_spinner_stop(GTK_SPINNER(spinner_));
    gtk_widget_set_visible(spinner_, FALSE);
    const std::string word = statusWord(result.status);
    gtk_label_set_text(GTK_LABEL(verdict_), word.c_str());
    gtk_widget_add_css_class(verdict_, verdictClass(result.status));
    gtk_widget_set_visible(verdict_, TRUE);
    gtk_label_set_text(GTK_LABEL(finding_), result.finding.c_str());
    gtk_label_set_text(GTK_LABEL(advice_), result.advice.c_str());
    gtk_widget_set_visible(advice_, !result.advice.empty());
    std::string name = title_ + ": " + word + " — " + result.finding;
    if (!result.advice.empty()) name += ". " + result.advice;
    gtk_accessible_update_property(GTK_ACCESSIBLE(row_), GTK_ACCESSIBLE_PROPERTY_LABEL, name.c_str(), -1);
}

}  // namespace ias::diaggtk
