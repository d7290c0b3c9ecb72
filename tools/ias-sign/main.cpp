// ias-sign: documents signed with the card in CAdES (CMS) files that any CMS software verifies
// (docs/ias-sign.md).
#include <iostream>
#include <map>

#include "Commands.h"
#include "ExitCode.h"

namespace {

constexpr const char* kUsage =
    R"(usage: ias-sign [--reader NAME] [--trace] [--pin-fd N | --pin-dialog] COMMAND [options]

commands:
  sign DOC [-o SIG] [--asic|--enveloping] [--key qualified|auth|ID] [--digest sha256|sha384|sha512]
        [--pss] [--tsa URL]
        a detached CAdES B-B signature of DOC (default SIG: DOC.p7s); --asic: an ASiC-S container
        holding DOC and its signature (default: DOC.asics); --enveloping: a signature that holds
        DOC (default: DOC.p7m; at most 256 MiB)
  cosign SIG DOC [-o OUT] [--key qualified|auth|ID] [--digest ...] [--pss] [--anchors PEM]
        [--require-qualified] [--tsa URL]
        one more signer in SIG, only when every signature in SIG verifies over DOC (default OUT: SIG)
  countersign SIG DOC [--signer WHO] [-o OUT] [--key qualified|auth|ID] [--digest ...] [--pss]
        [--anchors PEM] [--tsa URL]
        a counter-signature of the signer WHO: a path (1, 2.1 …: as verify lists them), ISSUER:SERIAL
        or a subject (as verify prints them), only when every signature in SIG verifies over DOC
        (default OUT: SIG); without --signer, on a terminal: chosen from a listing
  verify SIG DOC [--anchors PEM] [--json] [--require-qualified]
        every signer of SIG over DOC: digest, signature scheme and value, attributes, chain to the
        anchors, key usage, time-stamp

In cosign, countersign and verify, an ASiC-S container (.asics) or an enveloping signature (.p7m) takes
the place of SIG DOC: it holds the document.

The key's PIN is asked for every signature: on the reader's PIN-pad when it takes it (not with --pin-fd,
--pin-dialog or --no-pinpad), else on the terminal without echo, one line from --pin-fd N, or in the
desktop's PIN dialog (--pin-dialog). --anchors PEM: the trusted
roots (default: the system's). --require-qualified: refuse certificates without nonRepudiation.
--pss: an RSA key signs RSA-PSS (MGF1 with the digest, salt as long as the hash) instead of PKCS#1
v1.5, when the card's key can (else exit 9 before any PIN; an EC key signs ECDSA: --pss is refused).
--tsa URL: an RFC 3161 time-stamp of the new signature from the authority at URL (http://), asked
after the card signed; no file is written when the authority fails or answers another request.
Exit codes: 0 ok (verify: every signature verified), 1 internal error, 2 usage, 3 no reader or card,
  4 wrong PIN, 5 PIN blocked, 6 card error, 7 secure messaging failure, 8 no such key or signer,
  9 not supported, 10 input/output (unreadable or malformed file, time-stamping authority failed),
  11 PIN not given, 14 a signature refused, 15 a certificate refused.
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace ias::sign;
    ias::tool::setProgramName("ias-sign");
    static const std::map<std::string, int (*)(const Options&)> commands = {
        {"sign", runSign}, {"cosign", runCosign}, {"verify", runVerify}, {"countersign", runCountersign}};
    try {
        const Options options = Options::parse(argc, argv);
        if (options.flag("help")) {
            std::cout << kUsage;
            return 0;
        }
        if (options.flag("version")) {
            std::cout << "ias-sign " IAS_SIGN_VERSION "\n";
            return 0;
        }
        if (options.words().empty()) throw ias::tool::UsageError("no command");
        const auto it = commands.find(options.words().front());
        if (it == commands.end())
            throw ias::tool::UsageError("unknown command \"" + options.words().front() + "\"");
        return it->second(options);
    } catch (...) {
        const ias::tool::ErrorReport error = describeSignError(std::current_exception());
        std::cerr << "ias-sign: " << error.message << "\n";
        return static_cast<int>(error.code);
    }
}
