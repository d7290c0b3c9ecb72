// sign: a new CAdES B-B signature of a document with a key of the card: detached (.p7s beside it), in an
// ASiC-S container with the document (--asic), or enveloping it (--enveloping, .p7m). The document is hashed
// before the card is touched, and the PIN asked last, when the signature file is ready but for the value.
#include <ctime>
#include <iostream>
#include <optional>

#include "AsicContainer.h"
#include "CardKey.h"
#include "CmsBuild.h"
#include "Commands.h"
#include "DocumentDigest.h"
#include "ExitCode.h"
#include "FileIo.h"
#include "TimeStamp.h"

namespace ias::sign {

Bytes readDocumentToEnvelop(const std::string& path) {
    try {
        return tool::readInput(path, kEnvelopedDocumentLimit);
    } catch (const tool::ToolError& e) {
        throw tool::ToolError(e.code(),
                              std::string(e.what()) +
                                  " (an enveloping signature holds at most 256 MiB; larger documents: a "
                                  "detached signature, or --asic)");
    }
}

const EVP_MD* chosenDigest(const Options& options) {
    const std::string name = options.value("digest").value_or("sha256");
    if (name == "sha256") return EVP_sha256();
    if (name == "sha384") return EVP_sha384();
    if (name == "sha512") return EVP_sha512();
    throw tool::UsageError("--digest is sha256, sha384 or sha512");
}

RsaPadding chosenPadding(const Options& options) {
    return options.flag("pss") ? RsaPadding::Pss : RsaPadding::Pkcs1;
}

SignerFinish timeStamper(const Options& options, const EVP_MD* md) {
    const std::optional<std::string> url = options.value("tsa");
    if (!url) return [](CMS_SignerInfo*) {};
    try {
        checkTimeStampUrl(*url);
    } catch (const CmsError& e) {
        throw tool::UsageError(e.what());
    }
    return [url = *url, md](CMS_SignerInfo* si) { addSignatureTimeStamp(si, url, md); };
}

int runSign(const Options& options) {
    options.allowOnly({"out", "key", "digest", "pss", "asic", "enveloping", "tsa"});
    if (options.words().size() != 2) throw tool::UsageError("sign takes one document");
    const std::string document = options.words()[1];
    const bool asic = options.flag("asic"), enveloping = options.flag("enveloping");
    if (asic && enveloping) throw tool::UsageError("--asic and --enveloping: one or the other");
    const std::string out = options.value("out").value_or(document + (asic         ? ".asics"
                                                                      : enveloping ? ".p7m"
                                                                                   : ".p7s"));
    const EVP_MD* md = chosenDigest(options);
    const SignerFinish finish = timeStamper(options, md);
    // An enveloping signature holds the document: read whole, within a bound (OpenSSL encodes the file in
    // memory); a detached one only needs its hash, read in pieces.
    std::optional<Bytes> content;
    if (enveloping) content = readDocumentToEnvelop(document);
    const Bytes digest = content ? digestBytes(md, *content) : digestFile(document, md);
    tool::Session session(options.card());
    CardSignatureKey key(options.card(), session, options.value("key").value_or("qualified"));
    const RsaPadding padding = chosenPadding(options);
    key.check(md, padding);
    CmsPtr cms = newDetachedSignature();
    if (content) envelopContent(cms.get(), *content);
    finish(addSigner(cms.get(), key, md, digest, std::time(nullptr), padding));
    if (asic)
        AsicContainer::create(out, document, encodeCms(cms.get()));
    else
        tool::writeOutput(out, encodeCms(cms.get()));
    std::cerr << "ias-sign: " << document << " signed by " << subjectText(key.certificate()) << " in " << out
              << "\n";
    return 0;
}

}  // namespace ias::sign
