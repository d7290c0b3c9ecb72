#pragma once
// The details of one certificate in a window of their own: subject, issuer, serial, validity, fingerprints,
// key usage; every value selectable (and so copyable).
#include <gtk/gtk.h>

#include "CardViewNames.h"

namespace ias::browser {

void showCertificateDetails(GtkWindow* parent, const CertificateView& certificate);

}  // namespace ias::browser
