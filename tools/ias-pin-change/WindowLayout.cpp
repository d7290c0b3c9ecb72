// The window's widgets: header, PIN choice and tries, the unblock switch, the entries (current PIN or PUK,
// new PIN twice), the notices, and the buttons (About, Close, Change/Unblock).
#include "PasswordEntry.h"
#include "Texts.h"
#include "WindowState.h"
#include "ias/pinui/PinRequest.h"

namespace ias::pinchange {

namespace {

// The labels of both grids share one column width, so that all the fields line up.
GtkWidget* fieldLabel(const std::string& mnemonic, GtkWidget* target, GtkSizeGroup* column) {
    GtkWidget* label = gtk_label_new_with_mnemonic(mnemonic.c_str());
    gtk_size_group_add_widget(column, label);
    if (target != nullptr) gtk_label_set_mnemonic_widget(GTK_LABEL(label), target);
    gtk_label_set_xalign(GTK_LABEL(label), 1.0f);
    return label;
}

GtkWidget* wrappingLabel(const char* cssClass) {
    GtkWidget* label = gtk_label_new("");
    gtk_label_set_wrap(GTK_LABEL(label), TRUE);
    gtk_label_set_max_width_chars(GTK_LABEL(label), 48);
    gtk_label_set_width_chars(GTK_LABEL(label), 48);
    gtk_label_set_xalign(GTK_LABEL(label), 0.0f);
    if (cssClass != nullptr) gtk_widget_add_css_class(label, cssClass);
    return label;
}

// A value label named for assistive technologies by the label in front of it.
void labelledBy(GtkWidget* value, GtkWidget* label) {
    gtk_accessible_update_relation(GTK_ACCESSIBLE(value), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, nullptr,
                                   -1);
}

void accessibleName(GtkWidget* widget, const std::string& name) {
    gtk_accessible_update_property(GTK_ACCESSIBLE(widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name.c_str(), -1);
}

void loadStyle() {
    GtkCssProvider* css = gtk_css_provider_new();
    gtk_css_provider_load_from_data(css, ".ias-success { color: #26a269; }", -1);
    gtk_style_context_add_provider_for_display(gdk_display_get_default(), GTK_STYLE_PROVIDER(css),
                                               GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref(css);
}

GtkWidget* header(PinChangeWindow* w) {
    GtkWidget* box = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 18);
    GtkWidget* icon = gtk_image_new_from_icon_name("auth-smartcard-symbolic");
    gtk_image_set_pixel_size(GTK_IMAGE(icon), 48);
    gtk_widget_set_valign(icon, GTK_ALIGN_START);
    GtkWidget* texts = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget* heading = gtk_label_new(tr("Change a PIN of your card").c_str());
    gtk_widget_add_css_class(heading, "title-3");
    gtk_label_set_xalign(GTK_LABEL(heading), 0.0f);
    w->state = wrappingLabel(nullptr);
    gtk_box_append(GTK_BOX(texts), heading);
    gtk_box_append(GTK_BOX(texts), w->state);
    gtk_box_append(GTK_BOX(box), icon);
    gtk_box_append(GTK_BOX(box), texts);
    return box;
}

// The PIN, its tries, the unblock switch and the PUK's tries.
GtkWidget* pinGrid(PinChangeWindow* w, GtkSizeGroup* column) {
    GtkWidget* grid = gtk_grid_new();
    gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
    gtk_grid_set_row_spacing(GTK_GRID(grid), 8);
    w->pinLabels = gtk_string_list_new(nullptr);
    w->pinChoice = gtk_drop_down_new(G_LIST_MODEL(w->pinLabels), nullptr);
    gtk_widget_set_hexpand(w->pinChoice, TRUE);
    w->tries = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(w->tries), 0.0f);
    gtk_grid_attach(GTK_GRID(grid), fieldLabel(tr("_PIN:"), w->pinChoice, column), 0, 0, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), w->pinChoice, 1, 0, 1, 1);
    GtkWidget* triesLabel = fieldLabel(tr("Tries left:"), nullptr, column);
    labelledBy(w->tries, triesLabel);
    gtk_grid_attach(GTK_GRID(grid), triesLabel, 0, 1, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), w->tries, 1, 1, 1, 1);
    w->unblockToggle =
        gtk_check_button_new_with_mnemonic(tr("_Forgot the PIN? Unblock it with the PUK").c_str());
    accessibleName(w->unblockToggle, tr("Forgot the PIN? Unblock it with the PUK"));
    gtk_grid_attach(GTK_GRID(grid), w->unblockToggle, 1, 2, 1, 1);
    w->pukTries = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(w->pukTries), 0.0f);
    w->pukTriesLabel = fieldLabel(tr("PUK tries left:"), nullptr, column);
    labelledBy(w->pukTries, w->pukTriesLabel);
    gtk_grid_attach(GTK_GRID(grid), w->pukTriesLabel, 0, 3, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), w->pukTries, 1, 3, 1, 1);
    g_signal_connect_swapped(w->unblockToggle, "toggled", G_CALLBACK(onUnblockToggled), w);
    return grid;
}

// Current PIN (change) or PUK (unblock), then the new PIN twice and the rules line.
GtkWidget* entryGrid(PinChangeWindow* w, GtkSizeGroup* column) {
    GtkWidget* grid = gtk_grid_new();
    gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
    gtk_grid_set_row_spacing(GTK_GRID(grid), 8);
    struct Row {
        GtkWidget** entry;
        GtkWidget** label;
        const char* mnemonic;
        const char* name;
    };
    const Row rows[] = {{&w->current, &w->currentLabel, N_("C_urrent PIN:"), N_("Current PIN")},
                        {&w->puk, &w->pukLabel, N_("PU_K:"), N_("PUK")},
                        {&w->fresh, nullptr, N_("_New PIN:"), N_("New PIN")},
                        {&w->again, nullptr, N_("C_onfirm new PIN:"), N_("Confirm new PIN")}};
    int row = 0;
    for (const Row& r : rows) {
        *r.entry = pinui::dialog::newPasswordEntry(pinui::kMaxPinLength, true);
        GtkWidget* label = fieldLabel(tr(r.mnemonic), *r.entry, column);
        if (r.label != nullptr) *r.label = label;
        accessibleName(*r.entry, tr(r.name));
        gtk_grid_attach(GTK_GRID(grid), label, 0, row, 1, 1);
        gtk_grid_attach(GTK_GRID(grid), *r.entry, 1, row++, 1, 1);
        g_signal_connect_swapped(*r.entry, "changed", G_CALLBACK(onEntryChanged), w);
        g_signal_connect_swapped(*r.entry, "activate", G_CALLBACK(startAction), w);
    }
    w->rules = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(w->rules), 0.0f);
    gtk_widget_add_css_class(w->rules, "dim-label");
    gtk_grid_attach(GTK_GRID(grid), w->rules, 1, row, 1, 1);
    return grid;
}

GtkWidget* buttons(PinChangeWindow* w) {
    GtkWidget* row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
    w->about = gtk_button_new_with_mnemonic(tr("_About").c_str());
    accessibleName(w->about, tr("About"));
    g_signal_connect_swapped(w->about, "clicked", G_CALLBACK(showAbout), w);
    gtk_box_append(GTK_BOX(row), w->about);
    GtkWidget* right = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_set_hexpand(right, TRUE);
    gtk_widget_set_halign(right, GTK_ALIGN_END);
    gtk_box_set_homogeneous(GTK_BOX(right), TRUE);
    GtkWidget* close = gtk_button_new_with_mnemonic(tr("_Close").c_str());
    w->change = gtk_button_new_with_mnemonic(tr("C_hange").c_str());
    gtk_widget_add_css_class(w->change, "suggested-action");
    gtk_widget_set_size_request(w->change, 96, -1);
    g_signal_connect_swapped(close, "clicked", G_CALLBACK(gtk_window_close), w->window);
    g_signal_connect_swapped(w->change, "clicked", G_CALLBACK(startAction), w);
    gtk_box_append(GTK_BOX(right), close);
    gtk_box_append(GTK_BOX(right), w->change);
    gtk_box_append(GTK_BOX(row), right);
    return row;
}

}  // namespace

void buildWindow(PinChangeWindow* w, GtkApplication* app) {
    loadStyle();
    w->window = gtk_application_window_new(app);
    gtk_window_set_title(GTK_WINDOW(w->window), tr("Change PIN").c_str());
    gtk_window_set_resizable(GTK_WINDOW(w->window), FALSE);
    gtk_window_set_icon_name(GTK_WINDOW(w->window), "auth-smartcard");

    GtkWidget* content = gtk_box_new(GTK_ORIENTATION_VERTICAL, 14);
    for (auto margin : {gtk_widget_set_margin_top, gtk_widget_set_margin_bottom, gtk_widget_set_margin_start,
                        gtk_widget_set_margin_end})
        margin(content, 24);
    gtk_box_append(GTK_BOX(content), header(w));
    GtkSizeGroup* column = gtk_size_group_new(GTK_SIZE_GROUP_HORIZONTAL);
    gtk_box_append(GTK_BOX(content), pinGrid(w, column));
    w->fields = entryGrid(w, column);
    gtk_box_append(GTK_BOX(content), w->fields);
    g_object_unref(column);  // the labels hold it

    w->padNotice = wrappingLabel(nullptr);
    gtk_widget_set_visible(w->padNotice, FALSE);
    gtk_box_append(GTK_BOX(content), w->padNotice);
    w->result = wrappingLabel(nullptr);
    gtk_box_append(GTK_BOX(content), w->result);
    gtk_box_append(GTK_BOX(content), buttons(w));
    gtk_window_set_child(GTK_WINDOW(w->window), content);

    g_signal_connect_swapped(w->pinChoice, "notify::selected", G_CALLBACK(showSelectedPin), w);
}

}  // namespace ias::pinchange
