#include "SignerRow.h"

#include <algorithm>

#include "Texts.h"

namespace ias::signgtk {
namespace {

GtkWidget* value(const std::string& text) {
    GtkWidget* l = gtk_label_new(text.c_str());
    gtk_label_set_xalign(GTK_LABEL(l), 0.0F);
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    gtk_label_set_wrap_mode(GTK_LABEL(l), PANGO_WRAP_WORD_CHAR);
    gtk_widget_set_hexpand(l, TRUE);
    return l;
}

void addValue(GtkWidget* grid, int row, const std::string& name, const std::string& text,
              const char* cssClass = nullptr) {
    GtkWidget* n = gtk_label_new(name.c_str());
    gtk_label_set_xalign(GTK_LABEL(n), 0.0F);
    gtk_label_set_yalign(GTK_LABEL(n), 0.0F);
    gtk_widget_add_css_class(n, "dim-label");
    GtkWidget* v = value(text);
    if (cssClass != nullptr) gtk_widget_add_css_class(v, cssClass);
    // Each value read with its name.
    gtk_accessible_update_relation(GTK_ACCESSIBLE(v), GTK_ACCESSIBLE_RELATION_LABELLED_BY, n, nullptr, -1);
    gtk_grid_attach(GTK_GRID(grid), n, 0, row, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), v, 1, row, 1, 1);
}

}  // namespace

void markChosen(GtkWidget* row, bool chosen) {
    gtk_widget_set_visible(GTK_WIDGET(g_object_get_data(G_OBJECT(row), "ias-chosen")), chosen);
    if (chosen)
        gtk_widget_add_css_class(row, "chosen");
    else
        gtk_widget_remove_css_class(row, "chosen");
    gtk_accessible_update_state(GTK_ACCESSIBLE(row), GTK_ACCESSIBLE_STATE_SELECTED, chosen, -1);
}

int signerDepth(const sign::SignerVerdict& verdict) {
    return static_cast<int>(std::count(verdict.path.begin(), verdict.path.end(), '.'));
}

GtkWidget* signerRow(const sign::SignerVerdict& v) {
    const bool ok = v.verified();
    GtkWidget* box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_set_margin_top(box, 8);
    gtk_widget_set_margin_bottom(box, 8);
    gtk_widget_set_margin_end(box, 12);
    gtk_widget_set_margin_start(box,
                                12 + 32 * signerDepth(v));  // the tree: a counter-signer under its signer
    GtkWidget* icon = gtk_image_new_from_icon_name(ok ? "emblem-ok-symbolic" : "dialog-error-symbolic");
    gtk_image_set_pixel_size(GTK_IMAGE(icon), 24);
    gtk_widget_set_valign(icon, GTK_ALIGN_START);
    gtk_widget_add_css_class(icon, ok ? "verified" : "refused");
    gtk_box_append(GTK_BOX(box), icon);

    GtkWidget* column = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
    gtk_widget_set_hexpand(column, TRUE);
    GtkWidget* heading = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget* title = value(signerTitle(v));
    gtk_widget_add_css_class(title, "heading");
    gtk_box_append(GTK_BOX(heading), title);
    GtkWidget* chosen = gtk_label_new(tr("Chosen for counter-signing").c_str());
    gtk_widget_add_css_class(chosen, "chosen-mark");
    gtk_widget_set_visible(chosen, FALSE);
    gtk_box_append(GTK_BOX(heading), chosen);
    gtk_box_append(GTK_BOX(column), heading);
    GtkWidget* grid = gtk_grid_new();
    gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
    gtk_grid_set_row_spacing(GTK_GRID(grid), 2);
    int row = 0;
    addValue(grid, row++, tr("Verdict"), verdictText(v), ok ? "success" : "error");
    for (const std::string& problem : v.problems) addValue(grid, row++, tr("Detail"), problem, "error");
    addValue(grid, row++, tr("Signed by"), v.subject);
    addValue(grid, row++, tr("Issuer"), v.issuer);
    addValue(grid, row++, tr("Serial number"), v.serial);
    addValue(grid, row++, tr("Signing time"), v.signingTime.empty() ? tr("not given") : v.signingTime);
    addValue(grid, row++, tr("Key"), v.keyType + ", " + v.digest);
    addValue(grid, row++, tr("Qualified"), qualifiedText(v));
    if (!v.timeStamp.empty()) addValue(grid, row++, tr("Time-stamp"), v.timeStamp);
    gtk_box_append(GTK_BOX(column), grid);
    gtk_box_append(GTK_BOX(box), column);

    GtkWidget* listRow = gtk_list_box_row_new();
    gtk_list_box_row_set_child(GTK_LIST_BOX_ROW(listRow), box);
    const std::string name = signerTitle(v) + ". " + verdictText(v) + ". " + qualifiedText(v) + ".";
    gtk_accessible_update_property(GTK_ACCESSIBLE(listRow), GTK_ACCESSIBLE_PROPERTY_LABEL, name.c_str(), -1);
    g_object_set_data_full(G_OBJECT(listRow), "ias-name", g_strdup(signerTitle(v).c_str()), g_free);
    g_object_set_data(G_OBJECT(listRow), "ias-chosen", chosen);
    g_object_set_data_full(G_OBJECT(listRow), "ias-path", g_strdup(v.path.c_str()), g_free);
    return listRow;
}

}  // namespace ias::signgtk
