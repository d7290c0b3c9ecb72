// The card page's files out: a certificate, its chain, its public key, the page's JSON report.
#include "BrowserWindowState.h"
#include "CardReport.h"
#include "ChainCheck.h"
#include "Texts.h"

namespace ias::browser {

// What each export writes comes from tools/card-view, as `ias-tool export` and `ias-tool list --json` write
// it; the window only asks where.
void BrowserWindow::exportFile(const std::string& title, const std::string& suggested,
                               const std::vector<FileFilter>& filters, Export produce) {
    chooseFileToSave(GTK_WINDOW(window_), title, suggested, filters,
                     [this, produce = std::move(produce)](const std::string& path) {
                         std::string kind;
                         bool ok = false;
                         try {
                             ok = produce(path, kind);
                         } catch (const std::exception&) {
                             ok = false;  // a certificate that does not decode: said below
                         }
                         say(formatText(ok ? tr("Exported to %s") : tr("Could not write %s"), path));
                         if (ok) report_.line("exported " + kind + " " + path);
                     });
}

void BrowserWindow::exportCertificate(std::size_t index) {
    const CertificateView c = page_.certificates.at(index);
    exportFile(tr("Export the certificate"), fileNameFrom(c.info.label, "certificate") + ".pem",
               {{"PEM (.pem)", {"*.pem"}}, {"DER (.der, .cer, .crt)", {"*.der", "*.cer", "*.crt"}}},
               [c](const std::string& path, std::string& kind) {
                   const CertificateFormat format = formatForName(path);
                   kind = std::string(format == CertificateFormat::Der ? "der " : "pem ") + toHex(c.info.id);
                   return writeCertificate(path, c.der, format);
               });
}

void BrowserWindow::exportChain(std::size_t index) {
    const CertificateView c = page_.certificates.at(index);
    // The same candidates as the page's Chain row (ChainCheck's authorities): a CA certificate among them
    // never issues itself unless self-signed, where issuerChain stops anyway.
    exportFile(tr("Export the certificate chain"), fileNameFrom(c.info.label, "certificate") + "-chain.pem",
               {{"PEM (.pem)", {"*.pem"}}},
               [c, cas = authorities(page_)](const std::string& path, std::string& kind) {
                   kind = "chain " + toHex(c.info.id);
                   return writeText(path, pemChain(issuerChain(c.der, cas)));
               });
}

void BrowserWindow::exportPublicKey(std::size_t index) {
    const CertificateView c = page_.certificates.at(index);
    exportFile(tr("Export the public key"), fileNameFrom(c.info.label, "key") + ".pub",
               {{"OpenSSH (.pub)", {"*.pub"}}, {"PEM (.pem)", {"*.pem"}}},
               [c](const std::string& path, std::string& kind) {
                   // .pub is what ssh-keygen writes and authorized_keys takes; anything else is PEM.
                   const bool ssh = path.size() > 4 && path.compare(path.size() - 4, 4, ".pub") == 0;
                   kind = std::string(ssh ? "openssh " : "public-key ") + toHex(c.info.id);
                   return writeText(path, ssh ? opensshPublicKey(c.der, c.info.label) : publicKeyPem(c.der));
               });
}

void BrowserWindow::saveReport() {
    if (page_.presence != Presence::Ready) return;
    const CardPage page = page_;
    const std::string serial = page.identity ? toHex(page.identity->serial) : std::string("card");
    exportFile(tr("Save a report of the card"), "card-" + serial + ".json", {{"JSON (.json)", {"*.json"}}},
               [page](const std::string& path, std::string& kind) {
                   kind = "report -";
                   return writeText(path, cardReport(page).dump(2) + "\n");
               });
}

}  // namespace ias::browser
