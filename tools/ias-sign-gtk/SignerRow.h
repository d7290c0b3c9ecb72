#pragma once
// One signer or counter-signer of the tree as a list row: indented by its depth, its verdict first (icon,
// words, colour), then who signed, the issuer and serial, when, with which key, qualified or not, and the
// verifier's reasons. Its accessible name says all of it in one sentence for a screen reader.
#include <gtk/gtk.h>

#include "CmsVerify.h"

namespace ias::signgtk {

// The row (a GtkListBoxRow); its "ias-path" data holds the signer's path, "ias-name" its accessible name.
GtkWidget* signerRow(const sign::SignerVerdict& verdict);
// Shows on `row` whether it is the signature chosen for counter-signing (a mark beside its title, the
// theme's selection colour, and the accessible "selected" state).
void markChosen(GtkWidget* row, bool chosen);
// The depth of a path: "1" → 0, "1.1" → 1.
int signerDepth(const sign::SignerVerdict& verdict);

}  // namespace ias::signgtk
