// ias-tool: the IAS-ECC card from the command line, over libias-api (docs/ias-tool.md).
#include <iostream>
#include <map>

#include "Commands.h"
#include "ExitCode.h"

namespace {

constexpr const char* kUsage = R"(usage: ias-tool [--reader NAME] [--trace] COMMAND [options]

commands:
  readers                                  list readers ("<name>\t<card|empty>")
  info                                     ATR, serial, EF.ATR buffer sizes, token label
  list [--json]                            PINs with tries left, keys, certificates (--json: the
                                           card browser's report)
  cert --id ID [--out FILE] [--format pem|der]
  export --id ID [--what certificate|chain|public-key|openssh] [--format pem|der] [--out FILE]
  import-cert --id ID --in FILE [--label L] [--authority] [--force]
  pin status|verify|change|unblock --pin-id ID [--keep-pin] [--no-pinpad]
  sign --key ID [--mechanism M] [--in FILE] [--out FILE] [--format der|raw] [--no-pin]
  decipher --key ID [--in FILE] [--out FILE] [--no-pin]
  apdu HEX...                              raw APDUs, traced to stderr
  generate [--id ID] [--key-ref N] [--bits 2048] [--label L] [--pin-id ID]
           [--usage sign,decipher,nonrepudiation] [--always-authenticate] [--out PUBKEY.pem]
  csr --key ID --subject "/CN=..." [--out FILE] [--format pem|der] [--digest sha256|sha384|sha512]
  card check [--repair]                    what an interrupted administration left; --repair finishes it
  challenge new --out STATE                a fresh 32-byte challenge for a verifier (also on stdout)
  challenge sign --context CTX --challenge FILE [--key ID] [--out RESPONSE] [--no-pin]
  challenge verify --context CTX --challenge STATE --response FILE --anchor CA.pem [--max-age 300]

PINs are read from the terminal without echo, one line each from --pin-fd N, or in the desktop's PIN
dialog (--pin-dialog); --pin-insecure-argv PIN (repeatable, in order) is for tests only. On a PIN-pad
reader, pin verify and pin change take the PIN on the reader's keypad (unless --pin-fd, --pin-dialog,
--pin-insecure-argv or --no-pinpad).
IDs are hexadecimal PKCS#15 identifiers (01, 02 ...). Data goes to stdout, messages to stderr.
Mechanisms: sha256-rsa-pkcs (default RSA; sha256-rsa-pkcs-card for a qualified signature key), sha384-rsa-pkcs, sha512-rsa-pkcs, sha224-rsa-pkcs,
  sha1-rsa-pkcs, rsa-pkcs (input: DigestInfo), sha256-rsa-pkcs-card, sha1-rsa-pkcs-card (the card
  finishes the hash), sha256-rsa-pss, sha384-rsa-pss, sha512-rsa-pss, ecdsa-sha256 (default EC),
  ecdsa-sha384, ecdsa-sha512, ecdsa (input: hash).
Exit codes: 0 ok, 1 internal error, 2 usage, 3 no reader or card, 4 wrong PIN, 5 PIN blocked,
  6 card error, 7 secure messaging failure, 8 not found, 9 not supported, 10 input/output,
  11 PIN not given or refused before the card, 12 configuration, 13 challenge used, expired or
  unknown, 14 signature refused, 15 certificate refused.
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace ias::tool;
    setProgramName("ias-tool");
    static const std::map<std::string, int (*)(const Args&)> commands = {
        {"readers", runReaders},
        {"info", runInfo},
        {"list", runList},
        {"cert", runCert},
        {"import-cert", runImportCert},
        {"export", runExport},
        {"pin", runPin},
        {"sign", runSign},
        {"decipher", runDecipher},
        {"apdu", runApdu},
        {"generate", runGenerate},
        {"csr", runCsr},
        {"card", runCard},
        {"challenge", runChallenge},
    };
    try {
        const Args args = Args::parse(argc, argv);
        if (args.flag("help")) {
            std::cout << kUsage;
            return 0;
        }
        if (args.flag("version")) {
            std::cout << "ias-tool " IAS_TOOL_VERSION "\n";
            return 0;
        }
        if (args.words().empty()) throw UsageError("no command");
        const auto it = commands.find(args.words().front());
        if (it == commands.end()) throw UsageError("unknown command \"" + args.words().front() + "\"");
        if (args.words().front() != "pin" && args.words().front() != "apdu" &&
            args.words().front() != "card" && args.words().front() != "challenge" && args.words().size() > 1)
            throw UsageError("unexpected argument \"" + args.words()[1] + "\"");
        return it->second(args);
    } catch (...) {
        return reportError(std::current_exception());
    }
}
