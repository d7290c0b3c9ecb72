// countersign: a counter-signature of one signature of a file or ASiC-S container (at any depth), only after
// every signature in it verifies over the document, refused before the card is used otherwise (as cosign).
#include <unistd.h>

#include <ctime>
#include <iostream>

#include "CardKey.h"
#include "CmsBuild.h"
#include "CmsVerify.h"
#include "Commands.h"
#include "CounterSignature.h"
#include "ExitCode.h"
#include "SignedFile.h"
#include "SignerChoice.h"

namespace ias::sign {

int runCountersign(const Options& options) {
    options.allowOnly({"out", "key", "digest", "pss", "anchors", "require-qualified", "signer", "tsa"});
    // Without --signer, a person at a terminal chooses from a listing; a script must name the signer.
    if (!options.value("signer") && !::isatty(STDIN_FILENO))
        throw tool::UsageError(
            "countersign needs --signer PATH|ISSUER:SERIAL|NAME (as verify lists them), or a terminal to "
            "choose from a listing");
    SignedFile file = SignedFile::fromWords(
        options.words(),
        "countersign takes a signature file and its document, or a file that holds its document (ASiC-S, "
        "enveloping)");
    const std::string out = options.value("out").value_or(file.path());
    const VerifyOptions verifyOptions{options.value("anchors").value_or(""),
                                      options.flag("require-qualified")};
    const std::vector<SignerVerdict> signers = verifySigners(file.cms(), file.digester(), verifyOptions);
    for (const SignerVerdict& v : signers) {
        if (!v.verified())
            throw tool::ToolError(
                v.signatureRefused ? tool::Exit::SignatureRefused : tool::Exit::CertificateRefused,
                "not counter-signed: signer " + v.path + " (" + v.subject +
                    ") does not verify: " + v.problems.front());
    }
    const EVP_MD* md = chosenDigest(options);
    const SignerFinish finish = timeStamper(options, md);
    const std::string path = options.value("signer") ? chooseSigner(signers, *options.value("signer"))
                                                     : chooseSignerFromListing(signers, std::cin, std::cerr);
    tool::Session session(options.card());
    CardSignatureKey key(options.card(), session, options.value("key").value_or("qualified"));
    const RsaPadding padding = chosenPadding(options);
    key.check(md, padding);
    addCounterSignature(file.cms(), path, key, md, std::time(nullptr), padding, finish);
    file.save(out);
    std::cerr << "ias-sign: signer " << path << " counter-signed by " << subjectText(key.certificate())
              << " in " << out << "\n";
    return 0;
}

}  // namespace ias::sign
