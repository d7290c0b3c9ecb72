#include "CertificateDetails.h"

#include "CardViewNames.h"
#include "CertificateSections.h"
#include "Texts.h"
#include "ValueGrid.h"

namespace ias::browser {
namespace {

std::string sectionName(const std::string& key) {
    if (key == "public-key") return tr("Public key");
    if (key == "signature-algorithm") return tr("Signature algorithm");
    if (key == "basic-constraints") return tr("Basic constraints");
    if (key == "subject-alternative-name") return tr("Subject alternative name");
    if (key == "certificate-policies") return tr("Certificate policies");
    if (key == "authority-key-identifier") return tr("Authority key identifier");
    if (key == "subject-key-identifier") return tr("Subject key identifier");
    if (key == "crl-distribution-points") return tr("CRL distribution points");
    if (key == "authority-information-access") return tr("Authority information access");
    return key;
}

}  // namespace

void showCertificateDetails(GtkWindow* parent, const CertificateView& c) {
    GtkWidget* window = gtk_window_new();
    gtk_window_set_transient_for(GTK_WINDOW(window), parent);
    gtk_window_set_modal(GTK_WINDOW(window), TRUE);
    gtk_window_set_destroy_with_parent(GTK_WINDOW(window), TRUE);
    const std::string title = formatText(tr("Certificate \"%s\""), c.info.label);
    gtk_window_set_title(GTK_WINDOW(window), title.c_str());
    gtk_window_set_default_size(GTK_WINDOW(window), 640, -1);

    GtkWidget* box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    for (auto set : {gtk_widget_set_margin_top, gtk_widget_set_margin_bottom, gtk_widget_set_margin_start,
                     gtk_widget_set_margin_end})
        set(box, 18);
    GtkWidget* grid = valueGrid();
    if (c.facts) {
        const diag::CertificateFacts& f = *c.facts;
        addValueRow(grid, tr("Subject"), f.subject);
        addValueRow(grid, tr("Issuer"), f.issuer);
        addValueRow(grid, tr("Serial number"), f.serial);
        addValueRow(grid, tr("Valid from"), f.notBefore);
        addValueRow(grid, tr("Valid until"), f.notAfter);
        addValueRow(grid, tr("Validity"), certificateStateText(c));
        addValueRow(grid, tr("Revocation"), revocationText());
        addValueRow(grid, tr("Key usage"), f.keyUsage.empty() ? "-" : f.keyUsage);
        addValueRow(grid, tr("Extended key usage"), f.extendedKeyUsage.empty() ? "-" : f.extendedKeyUsage);
    } else {
        addValueRow(grid, tr("Validity"), certificateStateText(c));
    }
    for (const CertificateField& f : certificateSections(c.der))
        addValueRow(grid, sectionName(f.key), f.value);
    addValueRow(grid, tr("SHA-256 fingerprint"), fingerprint(c.der, "SHA256"));
    addValueRow(grid, tr("SHA-1 fingerprint"), fingerprint(c.der, "SHA1"));
    addValueRow(grid, tr("Identifier on the card"), toHex(c.info.id));
    gtk_box_append(GTK_BOX(box), grid);

    GtkWidget* close = gtk_button_new_with_mnemonic(tr("_Close").c_str());
    gtk_widget_set_halign(close, GTK_ALIGN_END);
    gtk_widget_set_margin_top(close, 12);
    g_signal_connect_swapped(close, "clicked", G_CALLBACK(gtk_window_destroy), window);
    gtk_box_append(GTK_BOX(box), close);
    gtk_window_set_child(GTK_WINDOW(window), box);
    gtk_window_set_default_widget(GTK_WINDOW(window), close);
    GtkEventController* keys = gtk_shortcut_controller_new();
    gtk_shortcut_controller_add_shortcut(
        GTK_SHORTCUT_CONTROLLER(keys),
        gtk_shortcut_new(gtk_shortcut_trigger_parse_string("Escape"), gtk_named_action_new("window.close")));
    gtk_widget_add_controller(window, keys);
    gtk_window_present(GTK_WINDOW(window));
}

}  // namespace ias::browser
