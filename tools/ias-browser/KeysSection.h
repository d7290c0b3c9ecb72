#pragma once
// The card page's "Keys" section: each private key with its type and size, the PIN that guards it and
// whether every use asks it again, its certificate, what it is good for in words (web login on TLS 1.2 and
// TLS 1.3 sites, qualified signature of documents, deciphering) and the card's algorithms for it.
#include <gtk/gtk.h>

#include "CardViewNames.h"

namespace ias::browser {

GtkWidget* keysSection(const api::Application& app);

}  // namespace ias::browser
