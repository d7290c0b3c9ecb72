#include "KeysSection.h"

#include "KeyUses.h"
#include "Texts.h"
#include "ValueGrid.h"

namespace ias::browser {
namespace {

std::string typeText(const api::KeyInfo& key) {
    if (key.type == api::KeyType::Ec) return formatText(tr("EC, %s bits"), std::to_string(key.bits));
    return formatText(tr("RSA, %s bits"), std::to_string(key.bits));
}

std::string pinText(const api::Application& app, const api::KeyInfo& key) {
    const api::PinInfo* pin = app.findPin(key.pinAuthId);
    if (pin == nullptr) return key.pinAuthId.empty() ? tr("none") : toHex(key.pinAuthId);
    const std::string name = pin->label + " (" + roleText(pin->role) + ")";
    return formatText(
        key.alwaysAuthenticate ? tr("%s, asked again for every use") : tr("%s, asked once per session"),
        name);
}

std::string certificateText(const api::Application& app, const api::KeyInfo& key) {
    const api::CertificateInfo* c = key.hasCertificate ? app.findCertificate(key.id) : nullptr;
    return c ? c->label : tr("none on the card");
}

std::string usesText(const KeyUses& uses) {
    std::string out;
    auto add = [&out](const std::string& line) { out += (out.empty() ? "" : "\n") + line; };
    if (uses.webLoginTls13) add(tr("Web login, on TLS 1.3 and TLS 1.2 sites."));
    if (uses.webLoginTls12 && !uses.webLoginTls13)
        add(
            tr("Web login on TLS 1.2 sites only: TLS 1.3 needs RSA-PSS or EC, which this key does not do "
               "on the card; a site that accepts only TLS 1.3 will fail."));
    if (uses.documentSignature) add(tr("Qualified signature of documents and mail."));
    if (uses.decipher) add(tr("Deciphering mail and files sent to you."));
    return out.empty() ? tr("Nothing this middleware offers.") : out;
}

std::string algorithmsText(const api::KeyInfo& key) {
    std::string out;
    for (api::SignMechanism m : key.signMechanisms)
        out += (out.empty() ? "" : ", ") + std::string(api::toString(m));
    if (key.canDecipher) out += (out.empty() ? "" : ", ") + tr("RSA PKCS#1 v1.5 deciphering");
    return out.empty() ? tr("none") : out;
}

}  // namespace

GtkWidget* keysSection(const api::Application& app) {
    GtkWidget* keys = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
    for (const api::KeyInfo& key : app.keys) {
        const KeyUses uses = keyUses(app, key);
        GtkWidget* grid = valueGrid();
        GtkWidget* title = addValueRow(grid, tr("Key"), key.label);
        gtk_widget_add_css_class(title, "heading");
        addValueRow(grid, tr("Type"), typeText(key));
        addValueRow(grid, tr("PIN"), pinText(app, key));
        addValueRow(grid, tr("Certificate"), certificateText(app, key));
        GtkWidget* good = addValueRow(grid, tr("Good for"), usesText(uses));
        if (uses.webLoginTls12 && !uses.webLoginTls13) gtk_widget_add_css_class(good, "warning");
        addValueRow(grid, tr("Card algorithms"), algorithmsText(key));
        GtkWidget* frame = gtk_frame_new(nullptr);
        gtk_widget_set_margin_start(grid, 12);
        gtk_widget_set_margin_end(grid, 12);
        gtk_widget_set_margin_top(grid, 12);
        gtk_widget_set_margin_bottom(grid, 12);
        gtk_frame_set_child(GTK_FRAME(frame), grid);
        gtk_box_append(GTK_BOX(keys), frame);
    }
    return keys;
}

}  // namespace ias::browser
