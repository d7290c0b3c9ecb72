#include "SignedFile.h"

#include "CmsBuild.h"
#include "DocumentDigest.h"
#include "ExitCode.h"
#include "FileIo.h"

namespace ias::sign {

SignedFile SignedFile::fromWords(const std::vector<std::string>& words, const std::string& usage) {
    SignedFile file;
    if (words.size() == 2 && AsicContainer::isZip(words[1])) {
        file.path_ = words[1];
        file.container_.emplace(AsicContainer::open(words[1]));
        file.documentName_ = file.container_->documentName() + " (in " + words[1] + ")";
        file.cms_ = decodeCms(file.container_->signature());
        return file;
    }
    if (words.size() != 2 && words.size() != 3) throw tool::UsageError(usage);
    if (AsicContainer::isZip(words[1]))
        throw tool::UsageError(words[1] + " is a container: it holds its document; give it alone");
    file.path_ = words[1];
    // An enveloping signature is as large as the document it holds, plus certificates and signers.
    file.cms_ = decodeCms(tool::readInput(words[1], kEnvelopedDocumentLimit + (16u << 20)));
    file.enveloped_ = envelopedContent(file.cms_.get());
    if (file.enveloped_) {
        if (words.size() == 3)
            throw tool::UsageError(words[1] + " holds its document (enveloping); give it alone");
        file.documentName_ = "the document in " + words[1];
    } else {
        if (words.size() != 3) throw tool::UsageError(usage);
        file.documentName_ = file.documentPath_ = words[2];
    }
    return file;
}

DocumentDigester SignedFile::digester() const {
    return [this](const EVP_MD* md) {
        const int nid = EVP_MD_get_type(md);
        const auto kept = digests_.find(nid);
        if (kept != digests_.end()) return kept->second;
        const Bytes digest = container_   ? container_->digestDocument(md)
                             : enveloped_ ? digestBytes(md, *enveloped_)
                                          : digestFile(documentPath_, md);
        digests_.emplace(nid, digest);
        return digest;
    };
}

void SignedFile::save(const std::string& out) {
    if (container_)
        container_->saveWithSignature(out, encodeCms(cms_.get()));
    else
        tool::writeOutput(out, encodeCms(cms_.get()));
}

}  // namespace ias::sign
