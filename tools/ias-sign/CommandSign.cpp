// sign: a new detached CAdES B-B signature of a document with a key of the card, as a .p7s beside it or, with
// --asic, in an ASiC-S container with the document. The document is hashed before the card is touched, and
// the PIN asked last, when the signature file is ready but for the value.
#include <ctime>
#include <iostream>

#include "AsicContainer.h"
#include "CardKey.h"
#include "CmsBuild.h"
#include "Commands.h"
#include "DocumentDigest.h"
#include "ExitCode.h"
#include "FileIo.h"

namespace ias::sign {

const EVP_MD* chosenDigest(const Options& options) {
    const std::string name = options.value("digest").value_or("sha256");
    if (name == "sha256") return EVP_sha256();
    if (name == "sha384") return EVP_sha384();
    if (name == "sha512") return EVP_sha512();
    throw tool::UsageError("--digest is sha256, sha384 or sha512");
}

int runSign(const Options& options) {
    options.allowOnly({"out", "key", "digest", "asic"});
    if (options.words().size() != 2) throw tool::UsageError("sign takes one document");
    const std::string document = options.words()[1];
    const bool asic = options.flag("asic");
    const std::string out = options.value("out").value_or(document + (asic ? ".asics" : ".p7s"));
    const EVP_MD* md = chosenDigest(options);
    const Bytes digest = digestFile(document, md);
    tool::Session session(options.card());
    CardSignatureKey key(options.card(), session, options.value("key").value_or("qualified"));
    CmsPtr cms = newDetachedSignature();
    addSigner(cms.get(), key, md, digest, std::time(nullptr));
    if (asic)
        AsicContainer::create(out, document, encodeCms(cms.get()));
    else
        tool::writeOutput(out, encodeCms(cms.get()));
    std::cerr << "ias-sign: " << document << " signed by " << subjectText(key.certificate()) << " in " << out
              << "\n";
    return 0;
}

}  // namespace ias::sign
