// cosign: one more signer at the top level of an existing signature file, only after every signature in it
// verifies over the given document (openssl cms -resign never reads the content: it co-signs a wrong file
// without complaint). The refusal comes before the card is touched, so no PIN is asked.
#include <ctime>
#include <iostream>

#include "CardKey.h"
#include "CmsBuild.h"
#include "CmsVerify.h"
#include "Commands.h"
#include "DocumentDigest.h"
#include "ExitCode.h"
#include "FileIo.h"

namespace ias::sign {

int runCosign(const Options& options) {
    options.allowOnly({"out", "key", "digest", "anchors", "require-qualified"});
    if (options.words().size() != 3) throw tool::UsageError("cosign takes a signature file and its document");
    const std::string signatureFile = options.words()[1], document = options.words()[2];
    const std::string out = options.value("out").value_or(signatureFile);
    CmsPtr cms = decodeCms(tool::readInput(signatureFile));
    const VerifyOptions verifyOptions{options.value("anchors").value_or(""),
                                      options.flag("require-qualified")};
    for (const SignerVerdict& v : verifySigners(cms.get(), document, verifyOptions))
        if (!v.verified())
            throw tool::ToolError(
                v.signatureRefused ? tool::Exit::SignatureRefused : tool::Exit::CertificateRefused,
                "not co-signed: signer " + v.path + " (" + v.subject + ") does not verify over " + document +
                    ": " + (v.problems.empty() ? "counter-signature not checked" : v.problems.front()));
    const EVP_MD* md = chosenDigest(options);
    const Bytes digest = digestFile(document, md);
    tool::Session session(options.card());
    CardSignatureKey key(options.card(), session, options.value("key").value_or("qualified"));
    addSigner(cms.get(), key, md, digest, std::time(nullptr));
    tool::writeOutput(out, encodeCms(cms.get()));
    std::cerr << "ias-sign: " << document << " co-signed by " << subjectText(key.certificate()) << " in "
              << out << "\n";
    return 0;
}

}  // namespace ias::sign
