// cosign: one more signer at the top level of an existing signature file (or ASiC-S container), only after
// every signature in it verifies over the given document (openssl cms -resign never reads the content: it
// co-signs a wrong file without complaint). The refusal comes before the card is touched, so no PIN is asked.
#include <ctime>
#include <iostream>

#include "CardKey.h"
#include "CmsBuild.h"
#include "CmsVerify.h"
#include "Commands.h"
#include "ExitCode.h"
#include "SignedFile.h"

namespace ias::sign {

int runCosign(const Options& options) {
    options.allowOnly({"out", "key", "digest", "pss", "anchors", "require-qualified", "tsa"});
    SignedFile file = SignedFile::fromWords(
        options.words(),
        "cosign takes a signature file and its document, or a file that holds its document (ASiC-S, "
        "enveloping)");
    const std::string& document = file.documentName();
    const std::string out = options.value("out").value_or(file.path());
    const VerifyOptions verifyOptions{options.value("anchors").value_or(""),
                                      options.flag("require-qualified")};
    for (const SignerVerdict& v : verifySigners(file.cms(), file.digester(), verifyOptions))
        if (!v.verified())
            throw tool::ToolError(
                v.signatureRefused ? tool::Exit::SignatureRefused : tool::Exit::CertificateRefused,
                "not co-signed: signer " + v.path + " (" + v.subject + ") does not verify over " + document +
                    ": " + (v.problems.empty() ? "counter-signature not checked" : v.problems.front()));
    const EVP_MD* md = chosenDigest(options);
    const SignerFinish finish = timeStamper(options, md);
    const Bytes digest = file.digester()(md);
    tool::Session session(options.card());
    CardSignatureKey key(options.card(), session, options.value("key").value_or("qualified"));
    const RsaPadding padding = chosenPadding(options);
    key.check(md, padding);
    finish(addSigner(file.cms(), key, md, digest, std::time(nullptr), padding));
    file.save(out);
    std::cerr << "ias-sign: " << document << " co-signed by " << subjectText(key.certificate()) << " in "
              << out << "\n";
    return 0;
}

}  // namespace ias::sign
