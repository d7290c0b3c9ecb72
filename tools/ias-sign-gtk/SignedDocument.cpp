#include "SignedDocument.h"

#include <filesystem>

namespace ias::signgtk {
namespace {

bool endsWith(const std::string& s, const std::string& tail) {
    return s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

bool isFile(const std::string& path) {
    std::error_code ignored;
    return std::filesystem::is_regular_file(path, ignored);
}

}  // namespace

SignedDocument SignedDocument::locate(const std::string& path, const std::string& signature) {
    SignedDocument d;
    if (!signature.empty()) {
        d.document = path;
        d.signature = signature;
    } else if (endsWith(path, ".asics") || endsWith(path, ".p7m")) {
        // A file that holds its document: itself is both.
        d.document = d.signature = path;
    } else if (endsWith(path, ".p7s")) {
        d.document = path.substr(0, path.size() - 4);
        d.signature = path;
    } else {
        d.document = path;
        d.signature = path + ".p7s";
        if (!isFile(d.signature) && isFile(path + ".asics")) d.signature = path + ".asics";
    }
    d.container = d.signature == d.document || endsWith(d.signature, ".asics");
    d.signatureExists = isFile(d.signature);
    return d;
}

std::vector<std::string> SignedDocument::files() const {
    if (container) return {signature};
    return {signature, document};
}

}  // namespace ias::signgtk
