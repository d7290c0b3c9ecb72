// export: what the card browser's export buttons write, from the same code (tools/card-view): a certificate
// (PEM or DER), its chain as the card holds it (PEM, the certificate first), its public key (PEM
// SubjectPublicKeyInfo) or the OpenSSH line of that key.
#include "CertificateFiles.h"
#include "Commands.h"
#include "ExitCode.h"
#include "FileIo.h"
#include "Session.h"

namespace ias::tool {
namespace {

Bytes bytesOf(const std::string& text) {
    return Bytes(text.begin(), text.end());
}

}  // namespace

int runExport(const Args& args) {
    args.allowOnly({"id", "what", "format", "out"});
    const Bytes id = args.requiredHexId("id");
    const std::string what = args.value("what").value_or("certificate");
    const std::string format = args.value("format").value_or("pem");
    if (what != "certificate" && what != "chain" && what != "public-key" && what != "openssh")
        throw UsageError("--what is certificate, chain, public-key or openssh");
    if (format != "pem" && !(format == "der" && what == "certificate"))
        throw UsageError("--format der is for --what certificate only");
    Session session(args);
    api::Card& card = session.card();
    const api::CertificateInfo* info = card.application().findCertificate(id);
    if (info == nullptr) throw ToolError(Exit::NotFound, "no certificate " + toHex(id) + " on the card");
    const Bytes der = card.certificate(id);
    try {
        if (what == "certificate") {
            writeOutput(args.value("out"), format == "der" ? der : bytesOf(cardview::pemText(der)));
        } else if (what == "chain") {
            std::vector<Bytes> authorities;
            for (const api::CertificateInfo& c : card.application().certificates)
                if (c.authority && c.id != id) authorities.push_back(card.certificate(c.id));
            writeOutput(args.value("out"),
                        bytesOf(cardview::pemChain(cardview::issuerChain(der, authorities))));
        } else if (what == "public-key") {
            writeOutput(args.value("out"), bytesOf(cardview::publicKeyPem(der)));
        } else {
            writeOutput(args.value("out"), bytesOf(cardview::opensshPublicKey(der, info->label)));
        }
    } catch (const std::invalid_argument& e) {
        throw ToolError(Exit::CardError, "certificate " + toHex(id) + " on the card: " + e.what());
    }
    return 0;
}

}  // namespace ias::tool
