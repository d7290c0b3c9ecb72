#pragma once
// Which files the window works on: a document and its signature beside it (DOC.p7s, else DOC.asics), or the
// signature file the user named. A .p7s opened or dropped stands for its document (the name without .p7s).
#include <string>
#include <vector>

namespace ias::signgtk {

struct SignedDocument {
    std::string document;   // empty: nothing opened
    std::string signature;  // the signature file, existing or to be written (DOC.p7s)
    bool signatureExists = false;
    bool container = false;  // ASiC-S or enveloping: it holds the document (the words name it alone)

    // `signature` empty: looked for beside `path`.
    static SignedDocument locate(const std::string& path, const std::string& signature = {});
    // The files as ias-sign's commands take them: SIG DOC, or the container alone.
    std::vector<std::string> files() const;
};

}  // namespace ias::signgtk
