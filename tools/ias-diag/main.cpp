// ias-diag: the diagnostic report a support desk asks for when "the card does not work" (docs/ias-diag.md).
// Also the module probe's child: `ias-diag --probe-module PATH` (ModuleProbe.h).
#include <pwd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "Bounded.h"
#include "Diagnosis.h"
#include "ModuleProbe.h"
#include "Render.h"
#include "ThisProcess.h"
#include "Translation.h"

namespace {

constexpr int kExitUsage = 64;      // EX_USAGE
constexpr int kExitCantWrite = 74;  // EX_IOERR: --output could not be written

constexpr const char* kUsage = R"(usage: ias-diag [--json] [--output FILE] [--verbose] [--anonymise]
                [--module PATH] [--reader NAME] [--timeout SECONDS]

Checks the IAS-ECC middleware installation and the card, and says what to do:
system, PC/SC service, readers, card (PINs' tries left, certificates), PKCS#11 module,
configuration, registration in Firefox/Thunderbird/p11-kit, PIN dialog. No PIN is asked or sent.

  --json            machine-readable report (stable keys; docs/ias-diag.md)
  --output FILE     write the report to FILE instead of standard output
  --verbose         text report: what each check found, under its line
  --anonymise       certificate subjects and serial numbers replaced by hashes
  --module PATH     the PKCS#11 module (default /usr/lib/x86_64-linux-gnu/pkcs11/libias-pkcs11.so)
  --reader NAME     the reader to look at (default: the first with a card)
  --timeout SECONDS longest wait for pcscd, the card or the module (default 20)

Exit codes: 0 all checks OK (or skipped), 1 some WARN, 2 some FAIL, 64 usage, 74 output not written.
)";

int usage(const std::string& message) {
    std::cerr << "ias-diag: " << message << " (ias-diag --help)\n";
    return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace ias::diag;
    DiagOptions options;
    bool json = false, verbose = false;
    std::string output;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        auto value = [&](std::string& into) {
            if (i + 1 >= argc) return false;
            into = argv[++i];
            return true;
        };
        std::string v;
        if (a == "--probe-module") {
            if (!value(v) || i + 1 != argc) return usage("--probe-module takes one PATH");
            const int rc = probeModule(v);
            std::fflush(stdout);
            // _exit: a module's own destructors (or a sanitizer's leak report) must not change the verdict.
            ::_exit(rc);
        } else if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        } else if (a == "--version") {
            std::cout << "ias-diag " << IAS_DIAG_VERSION << "\n";
            return 0;
        } else if (a == "--json") {
            json = true;
        } else if (a == "--verbose" || a == "-v") {
            verbose = true;
        } else if (a == "--anonymise" || a == "--anonymize") {
            options.anonymise = true;
        } else if (a == "--output" || a == "-o") {
            if (!value(output) || output.empty()) return usage("--output needs a FILE");
        } else if (a == "--module") {
            if (!value(options.modulePath) || options.modulePath.empty())
                return usage("--module needs a PATH");
        } else if (a == "--reader") {
            if (!value(v) || v.empty()) return usage("--reader needs a NAME");
            options.reader = v;
        } else if (a == "--timeout") {
            if (!value(v)) return usage("--timeout needs SECONDS");
            char* end = nullptr;
            const long s = std::strtol(v.c_str(), &end, 10);
            if (end == v.c_str() || *end != '\0' || s < 1 || s > 600)
                return usage("--timeout takes 1 to 600 seconds");
            options.timeout = std::chrono::seconds(s);
        } else {
            return usage("unknown option " + std::string(a));
        }
    }
    selectReportLanguage();  // the report only: options, usage and errors stay English (a command line)
    options.home = homeDirectory();
    options.selfExecutable = selfExecutable();

    const Report report = diagnose(options);
    const std::string text = json ? renderJson(report) : renderText(report, verbose);
    int code = report.exitCode();
    if (output.empty()) {
        std::cout << text << std::flush;
    } else {
        std::ofstream out(output, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) {
            std::cerr << "ias-diag: cannot write " << output << "\n";
            code = kExitCantWrite;
        }
    }
    // A step still hanging in pcscd or on the card is abandoned on its thread: end without waiting for it.
    if (abandonedSteps() > 0) {
        std::cout.flush();
        std::cerr.flush();
        ::_exit(code);
    }
    return code;
}
