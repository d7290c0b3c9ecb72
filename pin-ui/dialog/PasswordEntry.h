#pragma once
// The password entries of the PIN windows (ias-pinentry, ias-pin-change): GTK keeps their text in its secure
// password buffer (non-pageable); these helpers look at it without copying and wipe it character by
// character.
#include <gtk/gtk.h>

#include <cstddef>

#include "ias/apdu/Bytes.h"

namespace ias::pinui::dialog {

// A GtkPasswordEntry with a peek icon, at most `maxLength` characters, the PIN input purpose for digits.
GtkWidget* newPasswordEntry(std::size_t maxLength, bool digitsOnly);
// The entry's text where GTK keeps it: valid until the entry changes; never copy it into ordinary memory.
ByteView entryText(GtkWidget* entry);
// One character at a time from the end: every "delete-text" listener (GTK 4.8's accessibility layer sends the
// deleted text over D-Bus) then sees one character, never the whole PIN as one string.
void clearEntry(GtkWidget* entry);

}  // namespace ias::pinui::dialog
