#include "PinDialog.h"

#include <cstring>

#include "AnswerChannel.h"
#include "PasswordEntry.h"
#include "Texts.h"
#include "WindowParts.h"

namespace ias::pinui::dialog {

namespace {

struct Dialog {
    PinRequest request;
    GtkWidget* window = nullptr;
    GtkWidget* entry = nullptr;
    GtkWidget* confirm = nullptr;  // only for a new PIN
    GtkWidget* ok = nullptr;
    GtkWidget* caption = nullptr;  // the rules, or what is wrong with the text typed
};

ByteView textOf(GtkWidget* entry) {
    return entryText(entry);
}

bool hasNonDigit(ByteView text) {
    for (std::uint8_t b : text) {
        if (b < '0' || b > '9') return true;
    }
    return false;
}

bool sameText(ByteView a, ByteView b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size()) == 0;
}

void clearEntries(Dialog* d) {
    clearEntry(d->entry);
    clearEntry(d->confirm);
}

bool acceptable(Dialog* d) {
    ByteView pin = textOf(d->entry);
    if (!d->request.rules.accepts(pin)) return false;
    return d->confirm == nullptr || sameText(pin, textOf(d->confirm));
}

void update(Dialog* d) {
    ByteView pin = textOf(d->entry);
    std::string problem;
    if (d->request.rules.digitsOnly &&
        (hasNonDigit(pin) || (d->confirm != nullptr && hasNonDigit(textOf(d->confirm))))) {
        problem = digitsOnlyProblem();
    } else if (d->confirm != nullptr) {
        ByteView again = textOf(d->confirm);
        // Said only once the confirmation is as long as the PIN: not while it is being typed.
        if (again.size() >= pin.size() && !again.empty() && !sameText(pin, again))
            problem = mismatchProblem();
    }
    // One line under the entries: the rules, replaced by the problem while there is one (the window keeps
    // its size while the user types).
    gtk_label_set_text(GTK_LABEL(d->caption),
                       problem.empty() ? rulesLine(d->request.rules).c_str() : problem.c_str());
    gtk_widget_remove_css_class(d->caption, problem.empty() ? "ias-problem" : "dim-label");
    gtk_widget_add_css_class(d->caption, problem.empty() ? "dim-label" : "ias-problem");
    gtk_widget_set_sensitive(d->ok, acceptable(d));
}

void accept(Dialog* d) {
    if (!acceptable(d)) {
        gtk_widget_error_bell(d->window);
        return;
    }
    // Straight from GTK's buffer into the secure answer line; then the entry forgets it.
    answerPin(textOf(d->entry));
    clearEntries(d);
    gtk_window_close(GTK_WINDOW(d->window));
}

void cancel(Dialog* d) {
    gtk_window_close(GTK_WINDOW(d->window));
}

gboolean onCloseRequest(GtkWindow*, gpointer data) {
    auto* d = static_cast<Dialog*>(data);
    if (!answered()) answerLine("CANCEL\n");
    clearEntries(d);
    return FALSE;
}

GtkWidget* newPasswordEntry(const PinRules& rules) {
    return dialog::newPasswordEntry(rules.maxLength, rules.digitsOnly);
}

GtkWidget* newFieldLabel(const std::string& mnemonic, GtkWidget* entry) {
    GtkWidget* label = gtk_label_new_with_mnemonic(mnemonic.c_str());
    gtk_label_set_mnemonic_widget(GTK_LABEL(label), entry);
    gtk_label_set_xalign(GTK_LABEL(label), 1.0f);
    return label;
}

GtkWidget* newFields(Dialog* d) {
    GtkWidget* grid = gtk_grid_new();
    gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
    gtk_grid_set_row_spacing(GTK_GRID(grid), 8);
    // Aligned with the header's text column: icon (64) + spacing (18).
    gtk_widget_set_margin_start(grid, 82);
    int row = 0;
    d->entry = newPasswordEntry(d->request.rules);
    gtk_grid_attach(GTK_GRID(grid), newFieldLabel(entryLabel(d->request), d->entry), 0, row, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), d->entry, 1, row++, 1, 1);
    if (isNewPinKind(d->request.kind)) {
        d->confirm = newPasswordEntry(d->request.rules);
        gtk_grid_attach(GTK_GRID(grid), newFieldLabel(confirmLabel(), d->confirm), 0, row, 1, 1);
        gtk_grid_attach(GTK_GRID(grid), d->confirm, 1, row++, 1, 1);
    }
    d->caption = newCaption(rulesLine(d->request.rules), "dim-label");
    gtk_grid_attach(GTK_GRID(grid), d->caption, 1, row++, 1, 1);
    return grid;
}

GtkWidget* newButtons(Dialog* d) {
    GtkWidget* row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_set_halign(row, GTK_ALIGN_END);
    gtk_box_set_homogeneous(GTK_BOX(row), TRUE);
    GtkWidget* cancelButton = gtk_button_new_with_mnemonic(cancelLabel().c_str());
    d->ok = gtk_button_new_with_mnemonic(okLabel().c_str());
    gtk_widget_add_css_class(d->ok, "suggested-action");
    gtk_widget_set_size_request(d->ok, 96, -1);
    g_signal_connect_swapped(cancelButton, "clicked", G_CALLBACK(cancel), d);
    g_signal_connect_swapped(d->ok, "clicked", G_CALLBACK(accept), d);
    gtk_box_append(GTK_BOX(row), cancelButton);
    gtk_box_append(GTK_BOX(row), d->ok);
    return row;
}

void addEscapeCancels(Dialog* d) {
    GtkEventController* keys = gtk_shortcut_controller_new();
    gtk_event_controller_set_propagation_phase(keys, GTK_PHASE_CAPTURE);
    GtkShortcutAction* action = gtk_callback_action_new(
        [](GtkWidget*, GVariant*, gpointer data) -> gboolean {
            cancel(static_cast<Dialog*>(data));
            return TRUE;
        },
        d, nullptr);
    gtk_shortcut_controller_add_shortcut(
        GTK_SHORTCUT_CONTROLLER(keys),
        gtk_shortcut_new(gtk_keyval_trigger_new(GDK_KEY_Escape, GdkModifierType(0)), action));
    gtk_widget_add_controller(d->window, keys);
}

}  // namespace

void presentPinDialog(GtkApplication* app, const PinRequest& request) {
    auto* d = new Dialog{request};
    d->window = newWindow(app);
    g_object_set_data_full(G_OBJECT(d->window), "ias-dialog", d,
                           [](gpointer p) { delete static_cast<Dialog*>(p); });

    GtkWidget* content = gtk_box_new(GTK_ORIENTATION_VERTICAL, 18);
    gtk_widget_set_margin_top(content, 24);
    gtk_widget_set_margin_bottom(content, 20);
    gtk_widget_set_margin_start(content, 24);
    gtk_widget_set_margin_end(content, 24);
    gtk_box_append(GTK_BOX(content), newHeader(request));
    gtk_box_append(GTK_BOX(content), newFields(d));
    gtk_box_append(GTK_BOX(content), newButtons(d));
    gtk_window_set_child(GTK_WINDOW(d->window), content);

    for (GtkWidget* e : {d->entry, d->confirm}) {
        if (e == nullptr) continue;
        g_signal_connect_swapped(e, "changed", G_CALLBACK(update), d);
        g_signal_connect_swapped(e, "activate", G_CALLBACK(accept), d);
    }
    g_signal_connect(d->window, "close-request", G_CALLBACK(onCloseRequest), d);
    addEscapeCancels(d);
    // The client went away (or spoke out of turn): nobody is left to answer, close without a PIN.
    watchClient(closeAllWindows, app);
    update(d);
    gtk_window_present(GTK_WINDOW(d->window));
    gtk_widget_grab_focus(d->entry);
}

}  // namespace ias::pinui::dialog
