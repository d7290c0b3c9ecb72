#include "WindowParts.h"

#include <glib-unix.h>

#include "Texts.h"

namespace ias::pinui::dialog {

namespace {

constexpr const char* kStyle = R"css(
.ias-heading { font-weight: bold; font-size: 14pt; }
.ias-critical { color: @error_color; font-weight: bold; }
.ias-problem { color: @error_color; }
.ias-caption { font-size: smaller; }
.ias-card-icon { color: @theme_selected_bg_color; }
)css";

constexpr int kTextColumnWidth = 400;

GtkWidget* newLabel(const std::string& text, bool markup) {
    GtkWidget* label = gtk_label_new(nullptr);
    if (markup) {
        gtk_label_set_markup(GTK_LABEL(label), text.c_str());
    } else {
        gtk_label_set_text(GTK_LABEL(label), text.c_str());
    }
    gtk_label_set_wrap(GTK_LABEL(label), TRUE);
    gtk_label_set_wrap_mode(GTK_LABEL(label), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_max_width_chars(GTK_LABEL(label), 1);  // the column, not the text, sets the width
    gtk_label_set_xalign(GTK_LABEL(label), 0.0f);
    return label;
}

}  // namespace

void loadStyle() {
    static bool loaded = false;
    if (loaded) return;
    loaded = true;
    GtkCssProvider* css = gtk_css_provider_new();
    gtk_css_provider_load_from_data(css, kStyle, -1);
    gtk_style_context_add_provider_for_display(gdk_display_get_default(), GTK_STYLE_PROVIDER(css),
                                               GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref(css);
}

GtkWidget* newWindow(GtkApplication* app) {
    loadStyle();
    GtkWidget* window = gtk_window_new();
    gtk_window_set_application(GTK_WINDOW(window), app);
    gtk_window_set_title(GTK_WINDOW(window), windowTitle().c_str());
    gtk_window_set_resizable(GTK_WINDOW(window), FALSE);
    gtk_window_set_icon_name(GTK_WINDOW(window), "auth-smartcard");
    return window;
}

GtkWidget* newCaption(const std::string& text, const char* cssClass) {
    GtkWidget* label = newLabel(text, false);
    gtk_widget_add_css_class(label, "ias-caption");
    if (cssClass != nullptr) gtk_widget_add_css_class(label, cssClass);
    return label;
}

GtkWidget* newHeader(const PinRequest& request) {
    GtkWidget* row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 18);
    GtkWidget* icon = gtk_image_new_from_icon_name("auth-smartcard-symbolic");
    gtk_image_set_pixel_size(GTK_IMAGE(icon), 64);
    gtk_widget_set_valign(icon, GTK_ALIGN_START);
    gtk_widget_add_css_class(icon, "ias-card-icon");
    gtk_box_append(GTK_BOX(row), icon);

    GtkWidget* text = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_hexpand(text, TRUE);
    // A fixed text column: wrapped labels are then measured at this width, not at their narrowest, which
    // would leave the window too tall and different for each language.
    gtk_widget_set_size_request(text, kTextColumnWidth, -1);
    GtkWidget* title = newLabel(heading(request), false);
    gtk_widget_add_css_class(title, "ias-heading");
    gtk_box_append(GTK_BOX(text), title);
    gtk_box_append(GTK_BOX(text), newLabel(bodyMarkup(request), true));
    std::string token = tokenLine(request);
    if (!token.empty()) gtk_box_append(GTK_BOX(text), newCaption(token, "dim-label"));

    std::string tries = triesLine(request);
    if (!tries.empty()) {
        GtkWidget* line = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
        bool critical = triesAreCritical(request);
        if (critical) {
            GtkWidget* warn = gtk_image_new_from_icon_name("dialog-warning-symbolic");
            gtk_widget_add_css_class(warn, "ias-critical");
            gtk_widget_set_valign(warn, GTK_ALIGN_START);
            // As tall as a line of text: otherwise GTK finds the row's height-for-width inconsistent with
            // its plain minimum (a wrapping label beside a 16 px icon) and says so on stderr.
            gtk_widget_set_size_request(warn, -1, 20);
            gtk_box_append(GTK_BOX(line), warn);
        }
        GtkWidget* label = newLabel(tries, false);
        gtk_widget_set_hexpand(label, TRUE);
        gtk_widget_add_css_class(label, critical ? "ias-critical" : "dim-label");
        gtk_box_append(GTK_BOX(line), label);
        gtk_box_append(GTK_BOX(text), line);
    }
    gtk_box_append(GTK_BOX(row), text);
    return row;
}

gboolean closeAllWindows(gpointer app) {
    GList* windows = g_list_copy(gtk_application_get_windows(GTK_APPLICATION(app)));
    for (GList* w = windows; w != nullptr; w = w->next) gtk_window_close(GTK_WINDOW(w->data));
    g_list_free(windows);
    return G_SOURCE_REMOVE;
}

void watchClient(GSourceFunc onClient, gpointer data) {
    struct Watch {
        GSourceFunc call;
        gpointer data;
    };
    auto* watch = new Watch{onClient, data};
    g_unix_fd_add_full(
        G_PRIORITY_DEFAULT, STDIN_FILENO, static_cast<GIOCondition>(G_IO_IN | G_IO_HUP | G_IO_ERR),
        [](gint, GIOCondition, gpointer w) -> gboolean {
            auto* watch = static_cast<Watch*>(w);
            watch->call(watch->data);
            return G_SOURCE_REMOVE;
        },
        watch, [](gpointer w) { delete static_cast<Watch*>(w); });
}

}  // namespace ias::pinui::dialog
