// csr --key ID --subject "/CN=…": a PKCS#10 request for a key of the card, signed by that key on the card
// (its PIN asked as for sign). PEM (default) or DER to --out or stdout.
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <iostream>

#include "CertificationRequest.h"
#include "Commands.h"
#include "ExitCode.h"
#include "FileIo.h"
#include "Mechanisms.h"
#include "PinReader.h"
#include "Session.h"

namespace ias::tool {
namespace {

Bytes requestPem(const Bytes& der) {
    const unsigned char* p = der.data();
    std::unique_ptr<X509_REQ, decltype(&X509_REQ_free)> req(
        d2i_X509_REQ(nullptr, &p, static_cast<long>(der.size())), X509_REQ_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!req || !bio || PEM_write_bio_X509_REQ(bio.get(), req.get()) != 1)
        throw ToolError(Exit::Internal, "cannot write the request as PEM");
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return Bytes(data, data + len);
}

}  // namespace

int runCsr(const Args& args) {
    args.allowOnly({"key", "subject", "out", "format", "digest", "no-pin"});
    const Bytes keyId = args.requiredHexId("key");
    const std::string subject = args.required("subject");
    const std::string format = args.value("format").value_or("pem");
    if (format != "pem" && format != "der") throw UsageError("--format is pem or der");
    std::string digestName = args.value("digest").value_or("sha256");
    for (char& c : digestName) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (digestName != "SHA256" && digestName != "SHA384" && digestName != "SHA512")
        throw UsageError("--digest is sha256, sha384 or sha512");

    PinReader reader(args);
    Session session(args);
    api::Card& card = session.card();
    const api::KeyInfo* key = card.application().findKey(keyId);
    if (!key) throw ToolError(Exit::NotFound, "no key with iD " + toHex(keyId) + " on the card");
    const api::SignMechanism mechanism =
        key->type == api::KeyType::Rsa ? api::SignMechanism::RsaPkcs1 : api::SignMechanism::Ecdsa;
    if (!key->supports(mechanism))
        throw ToolError(Exit::NotSupported, "key " + toHex(keyId) + " cannot sign a request");
    std::optional<SecureBuffer> pin;
    if (!args.flag("no-pin") && !key->pinAuthId.empty()) {
        const api::PinInfo* info = card.application().findPin(key->pinAuthId);
        pin = reader.read(info && !info->label.empty() ? info->label : "PIN " + toHex(key->pinAuthId),
                          "to sign the request");
    }
    const api::PublicKey pub = card.publicKey(keyId);
    const Bytes der = makeCertificationRequest(pub, subject, digestName.c_str(), [&](ByteView info) {
        const Bytes hash = digest(digestName.c_str(), info);
        if (mechanism == api::SignMechanism::Ecdsa)
            return ecdsaRawToDer(card.sign(keyId, mechanism, hash, pin ? &*pin : nullptr));
        return card.sign(keyId, mechanism, digestInfo(digestName.c_str(), hash), pin ? &*pin : nullptr);
    });
    writeOutput(args.value("out"), format == "der" ? der : requestPem(der));
    std::cerr << "ias-tool: request for key " << toHex(keyId) << " signed by the card\n";
    return 0;
}

}  // namespace ias::tool
