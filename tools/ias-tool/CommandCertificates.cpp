// cert: a certificate from the card, PEM (default) or DER. import-cert: a certificate (PEM or DER) onto the
// card under the iD of its key; refused when the key with that iD has another public key.
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <iostream>
#include <memory>

#include "Commands.h"
#include "ExitCode.h"
#include "FileIo.h"
#include "Session.h"
#include "ias/api/Certificate.h"
#include "ias/api/Pkcs15Error.h"

namespace ias::tool {
namespace {

bool wantsDer(const Args& args) {
    const std::string format = args.value("format").value_or("pem");
    if (format != "pem" && format != "der") throw UsageError("--format is pem or der");
    return format == "der";
}

Bytes toPem(ByteView der) {
    const unsigned char* p = der.data();
    std::unique_ptr<X509, decltype(&X509_free)> x(d2i_X509(nullptr, &p, static_cast<long>(der.size())),
                                                  X509_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!x || !bio || PEM_write_bio_X509(bio.get(), x.get()) != 1)
        throw ToolError(Exit::CardError, "the certificate on the card does not decode");
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return Bytes(data, data + len);
}

// A certificate file: PEM ("-----BEGIN CERTIFICATE-----") or DER.
Bytes certificateDer(const Bytes& file, const std::string& name) {
    const std::string_view text(reinterpret_cast<const char*>(file.data()), file.size());
    if (text.find("-----BEGIN") == std::string_view::npos) return file;
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(file.data(), static_cast<int>(file.size())),
                                                  BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> x(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr),
                                                  X509_free);
    unsigned char* der = nullptr;
    const int len = x ? i2d_X509(x.get(), &der) : 0;
    if (len <= 0) throw ToolError(Exit::InputOutput, name + " holds no PEM certificate");
    Bytes out(der, der + len);
    OPENSSL_free(der);
    return out;
}

std::string commonName(const api::CertificateEssentials& c) {
    const std::string& s = c.subjectText;
    const auto at = s.find("CN=");
    if (at == std::string::npos) return "Certificate";
    std::string cn;
    for (std::size_t i = at + 3; i < s.size() && s[i] != ','; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        cn += s[i];
    }
    return cn;
}

}  // namespace

int runCert(const Args& args) {
    args.allowOnly({"id", "out", "format"});
    const Bytes id = args.requiredHexId("id");
    const bool der = wantsDer(args);
    Session session(args);
    const Bytes cert = session.card().certificate(id);
    writeOutput(args.value("out"), der ? cert : toPem(cert));
    return 0;
}

int runImportCert(const Args& args) {
    args.allowOnly({"id", "in", "label", "authority", "force"});
    const Bytes id = args.requiredHexId("id");
    const std::string in = args.required("in");
    const Bytes der = certificateDer(readInput(in, 64 * 1024), in);
    api::CertificateEssentials essentials;
    try {
        essentials = api::parseCertificate(der);
    } catch (const api::Pkcs15Error& e) {
        throw ToolError(Exit::InputOutput, in + ": not a usable certificate (" + e.reason() + ")");
    }
    Session session(args);
    api::Card& card = session.card();
    if (const api::KeyInfo* key = card.application().findKey(id); key && !args.flag("force")) {
        // The certificate must certify the card's key with the same iD, or PKCS#11 pairs wrong objects.
        const api::PublicKey pub = card.publicKey(id);
        const bool same = key->type == api::KeyType::Rsa ? pub.modulus == essentials.rsaModulus
                                                         : pub.ecPoint == essentials.ecPoint;
        if (!same)
            throw ToolError(Exit::InputOutput, "the certificate's public key is not the one of key " +
                                                   toHex(id) + " on the card (--force stores it anyway)");
    }
    const std::string label = args.value("label").value_or(commonName(essentials));
    card.storeCertificate(der, api::CertificateStoreRequest{id, label, args.flag("authority")});
    std::cerr << "ias-tool: certificate " << toHex(id) << " \"" << label << "\" stored ("
              << essentials.subjectText << ")\n";
    return 0;
}

}  // namespace ias::tool
