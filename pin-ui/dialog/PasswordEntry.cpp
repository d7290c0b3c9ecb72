#include "PasswordEntry.h"

#include <cstring>

namespace ias::pinui::dialog {

GtkWidget* newPasswordEntry(std::size_t maxLength, bool digitsOnly) {
    GtkWidget* entry = gtk_password_entry_new();
    gtk_password_entry_set_show_peek_icon(GTK_PASSWORD_ENTRY(entry), TRUE);
    gtk_widget_set_hexpand(entry, TRUE);
    GtkEditable* text = gtk_editable_get_delegate(GTK_EDITABLE(entry));
    if (GTK_IS_TEXT(text)) {
        gtk_text_set_max_length(GTK_TEXT(text), static_cast<int>(maxLength));
        if (digitsOnly) gtk_text_set_input_purpose(GTK_TEXT(text), GTK_INPUT_PURPOSE_PIN);
    }
    return entry;
}

ByteView entryText(GtkWidget* entry) {
    const char* text = gtk_editable_get_text(GTK_EDITABLE(entry));
    return ByteView(reinterpret_cast<const std::uint8_t*>(text), std::strlen(text));
}

void clearEntry(GtkWidget* entry) {
    if (entry == nullptr) return;
    GtkEditable* e = GTK_EDITABLE(entry);
    for (int n = g_utf8_strlen(gtk_editable_get_text(e), -1); n > 0; --n)
        gtk_editable_delete_text(e, n - 1, n);
}

}  // namespace ias::pinui::dialog
