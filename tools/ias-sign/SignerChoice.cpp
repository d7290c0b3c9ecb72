#include "SignerChoice.h"

#include <algorithm>
#include <cctype>
#include <istream>
#include <ostream>

#include "ExitCode.h"

namespace ias::sign {
namespace {

bool isPath(const std::string& s) {
    if (s.empty() || s.front() == '.' || s.back() == '.') return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '.' && s[i - 1] == '.') return false;
        if (s[i] != '.' && !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    return true;
}

// Hex digits without leading zeros, upper case: "0a", "000A" and "A" are one serial.
std::string canonicalSerial(const std::string& hex) {
    std::string out;
    for (char c : hex) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) return {};
        if (out.empty() && c == '0') continue;
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out.empty() && !hex.empty() ? "0" : out;
}

// The CN of a name as printed ("CN=Marie Dupont,O=…" → "Marie Dupont"), empty when there is none.
std::string commonName(const std::string& name) {
    std::size_t at = name.rfind("CN=", 0) == 0 ? 0 : name.find(",CN=");
    if (at == std::string::npos) return {};
    at += at == 0 ? 3 : 4;
    const std::size_t end = name.find(',', at);
    return name.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

}  // namespace

std::string chooseSigner(const std::vector<SignerVerdict>& signers, const std::string& choice) {
    std::vector<std::string> paths;
    if (isPath(choice)) {
        for (const SignerVerdict& v : signers)
            if (v.path == choice) paths.push_back(v.path);
    } else {
        const std::size_t colon = choice.rfind(':');
        const std::string serial =
            colon == std::string::npos ? "" : canonicalSerial(choice.substr(colon + 1));
        for (const SignerVerdict& v : signers) {
            const bool byIssuerSerial =
                !serial.empty() && v.issuer == choice.substr(0, colon) && canonicalSerial(v.serial) == serial;
            const bool bySubject =
                v.subject == choice || (!choice.empty() && commonName(v.subject) == choice);
            if (byIssuerSerial || bySubject) paths.push_back(v.path);
        }
    }
    if (paths.empty())
        throw tool::ToolError(tool::Exit::NotFound, "no signer \"" + choice + "\" in the file");
    if (paths.size() > 1) {
        std::string list;
        for (const std::string& p : paths) list += (list.empty() ? "" : ", ") + p;
        throw tool::UsageError("\"" + choice + "\" names several signers (" + list +
                               "): give the path, or ISSUER:SERIAL");
    }
    return paths.front();
}

std::string chooseSignerFromListing(const std::vector<SignerVerdict>& signers, std::istream& in,
                                    std::ostream& out) {
    out << "Signatures in the file:\n";
    for (std::size_t i = 0; i < signers.size(); ++i) {
        const SignerVerdict& v = signers[i];
        // Counter-signatures indented under the signature they sign, as verify prints them.
        const std::string indent(2 * static_cast<std::size_t>(std::count(v.path.begin(), v.path.end(), '.')),
                                 ' ');
        out << "  [" << i + 1 << "] " << indent << (v.counterSignature ? "counter-signer " : "signer ")
            << v.path << ": " << v.subject << " (" << (v.verified() ? "verified" : "REFUSED") << ")\n"
            << "      " << indent << v.issuer << ":" << v.serial << "\n";
    }
    for (int attempt = 0; attempt < 3; ++attempt) {
        out << "Counter-sign which one? [1-" << signers.size() << "] " << std::flush;
        std::string line;
        if (!std::getline(in, line)) break;
        std::size_t used = 0;
        try {
            const unsigned long n = std::stoul(line, &used);
            if (used == line.size() && n >= 1 && n <= signers.size()) return signers[n - 1].path;
        } catch (const std::exception&) {
        }
        out << "\"" << line << "\" is not a number of the list.\n";
    }
    throw tool::UsageError("no signer chosen (countersign --signer PATH|ISSUER:SERIAL|NAME names one)");
}

}  // namespace ias::sign
