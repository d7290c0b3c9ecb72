// verify: every signer of a signature file over its document (or of an ASiC-S container over the document in
// it), one verdict each, as text or --json. Exit 0 only when every signature verifies; 14 when a signature
// (digest, value, attributes) is refused, else 15 when a certificate is. Counter-signatures at every depth
// are listed under their signer (path 2.1 …).
#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "CmsBuild.h"
#include "CmsVerify.h"
#include "Commands.h"
#include "ExitCode.h"
#include "SignedFile.h"

namespace ias::sign {
namespace {

void printText(const std::vector<SignerVerdict>& verdicts) {
    for (const SignerVerdict& v : verdicts) {
        // Counter-signatures indented under the signature they sign.
        const std::string in(2 * static_cast<std::size_t>(std::count(v.path.begin(), v.path.end(), '.')),
                             ' ');
        std::cout << in << (v.counterSignature ? "counter-signer " : "signer ") << v.path << ": "
                  << (v.verified() ? "VERIFIED" : "REFUSED") << "\n"
                  << in << "  subject:  " << v.subject << "\n"
                  << in << "  issuer:   " << v.issuer << "\n"
                  << in << "  serial:   " << v.serial << "\n"
                  << in << "  signed:   " << (v.signingTime.empty() ? "(no signing time)" : v.signingTime)
                  << "\n"
                  << in << "  key:      " << v.keyType << (v.qualified ? ", qualified (nonRepudiation)" : "")
                  << ", " << v.digest << "\n"
                  << in << "  scheme:   " << v.signatureAlgorithm << "\n";
        if (!v.timeStamp.empty()) std::cout << in << "  stamped:  " << v.timeStamp << "\n";
        for (const std::string& p : v.problems) std::cout << in << "  problem:  " << p << "\n";
    }
}

void printJson(const std::vector<SignerVerdict>& verdicts) {
    nlohmann::json signers = nlohmann::json::array();
    for (const SignerVerdict& v : verdicts)
        signers.push_back(
            {{"path", v.path},
             {"verified", v.verified()},
             {"subject", v.subject},
             {"issuer", v.issuer},
             {"serial", v.serial},
             {"signingTime", v.signingTime},
             {"keyType", v.keyType},
             {"digest", v.digest},
             {"signatureAlgorithm", v.signatureAlgorithm},
             {"qualified", v.qualified},
             {"counterSignature", v.counterSignature},
             {"timeStamp", v.timeStamp.empty() ? nlohmann::json() : nlohmann::json(v.timeStamp)},
             {"problems", v.problems}});
    std::cout << nlohmann::json{{"signers", signers}}.dump(2) << "\n";
}

}  // namespace

std::vector<SignerVerdict> verifyFile(const Options& options) {
    options.allowOnly({"anchors", "json", "require-qualified"});
    const SignedFile file = SignedFile::fromWords(
        options.words(),
        "verify takes a signature file and its document, or a file that holds its document (ASiC-S, "
        "enveloping)");
    const VerifyOptions verifyOptions{options.value("anchors").value_or(""),
                                      options.flag("require-qualified")};
    return verifySigners(file.cms(), file.digester(), verifyOptions);
}

tool::Exit verdictsExit(const std::vector<SignerVerdict>& verdicts) {
    tool::Exit code = tool::Exit::Ok;
    for (const SignerVerdict& v : verdicts) {
        if (v.signatureRefused) return tool::Exit::SignatureRefused;
        if (v.certificateRefused) code = tool::Exit::CertificateRefused;
    }
    return code;
}

int runVerify(const Options& options) {
    const std::vector<SignerVerdict> verdicts = verifyFile(options);
    if (options.flag("json"))
        printJson(verdicts);
    else
        printText(verdicts);
    return static_cast<int>(verdictsExit(verdicts));
}

}  // namespace ias::sign
