#pragma once
// What cosign, countersign and verify work on: a CAdES file with its document beside it (SIG DOC), an
// enveloping CAdES file that holds its document (SIG alone), or an ASiC-S container that holds both
// (CONTAINER alone). One place decides which, so that the three commands
// read, verify and write a container the same way.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "AsicContainer.h"
#include "CmsVerify.h"
#include "OpenSsl.h"

namespace ias::sign {

class SignedFile {
public:
    // `words`: the command and its arguments. UsageError (with `usage`) unless they are SIG DOC, or one
    // file that is a ZIP or an enveloping signature; CmsError when the file is not a signature or not an
    // ASiC-S container.
    static SignedFile fromWords(const std::vector<std::string>& words, const std::string& usage);

    CMS_ContentInfo* cms() const { return cms_.get(); }
    // The file named on the command line (the .p7s or the container), and the document for messages.
    const std::string& path() const { return path_; }
    const std::string& documentName() const { return documentName_; }
    // The document's hash: the file's, the container's entry's (read in pieces) or the enveloped bytes'.
    // Kept per algorithm: cosign verifies the signers, then signs, over one reading of the document.
    DocumentDigester digester() const;
    // The signature (cms()) written to `out`: a .p7s, or the container with its signature replaced.
    void save(const std::string& out);

private:
    std::string path_, documentName_, documentPath_;
    std::optional<AsicContainer> container_;
    std::optional<Bytes> enveloped_;        // the document an enveloping signature holds
    mutable std::map<int, Bytes> digests_;  // by digest NID
    CmsPtr cms_;
};

}  // namespace ias::sign
