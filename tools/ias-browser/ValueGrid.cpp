#include "ValueGrid.h"

namespace ias::browser {

GtkWidget* valueGrid() {
    GtkWidget* grid = gtk_grid_new();
    gtk_grid_set_row_spacing(GTK_GRID(grid), 4);
    gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
    return grid;
}

GtkWidget* addValueRow(GtkWidget* grid, const std::string& name, const std::string& value) {
    int row = 0;
    while (gtk_grid_get_child_at(GTK_GRID(grid), 0, row) != nullptr) ++row;
    GtkWidget* n = gtk_label_new(name.c_str());
    gtk_widget_add_css_class(n, "dim-label");
    gtk_label_set_xalign(GTK_LABEL(n), 1.0F);
    gtk_label_set_yalign(GTK_LABEL(n), 0.0F);
    GtkWidget* v = gtk_label_new(value.c_str());
    gtk_label_set_xalign(GTK_LABEL(v), 0.0F);
    gtk_label_set_wrap(GTK_LABEL(v), TRUE);
    gtk_label_set_wrap_mode(GTK_LABEL(v), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_selectable(GTK_LABEL(v), TRUE);
    gtk_widget_set_hexpand(v, TRUE);
    const std::string accessible = name + " " + value;
    gtk_accessible_update_property(GTK_ACCESSIBLE(v), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible.c_str(), -1);
    gtk_grid_attach(GTK_GRID(grid), n, 0, row, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), v, 1, row, 1, 1);
    return v;
}

void addSection(GtkWidget* box, const std::string& title, GtkWidget* content) {
    GtkWidget* heading = gtk_label_new(title.c_str());
    gtk_widget_add_css_class(heading, "title-4");
    gtk_label_set_xalign(GTK_LABEL(heading), 0.0F);
    gtk_widget_set_margin_top(heading, 12);
    gtk_accessible_update_property(GTK_ACCESSIBLE(heading), GTK_ACCESSIBLE_PROPERTY_LABEL, title.c_str(), -1);
    gtk_box_append(GTK_BOX(box), heading);
    gtk_box_append(GTK_BOX(box), content);
}

}  // namespace ias::browser
