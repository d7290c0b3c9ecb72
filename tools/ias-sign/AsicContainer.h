#pragma once
// ASiC-S containers (ETSI EN 319 162-1, "simple" container, CAdES): one ZIP file holding `mimetype` (stored,
// first, no extra field, so that its media type lies at offset 38 for file-type sniffers), the one signed
// document at the root and `META-INF/signature.p7s`, the detached CAdES signature of that document. For
// citizens who must send one file. The ZIP itself is libzip's (Debian's libzip4): reading a ZIP safely is
// not something to write by hand.
#include <zip.h>

#include <functional>
#include <memory>
#include <string>

#include "OpenSsl.h"

namespace ias::sign {

inline constexpr const char* kAsicSMediaType = "application/vnd.etsi.asic-s+zip";

class AsicContainer {
public:
    // True when the file starts as a ZIP does (the commands then take it for a container).
    static bool isZip(const std::string& path);
    // Opens and checks the layout: the mimetype entry (when present: first, stored, the ASiC-S media type),
    // exactly one data object at the root, META-INF/signature.p7s; no encrypted entry. CmsError otherwise,
    // naming what is wrong.
    static AsicContainer open(const std::string& path);
    // A new container at `out` (written to a temporary file beside it, then renamed): the document, read
    // from `documentPath` as it is written, under its file name, and `signature` as META-INF/signature.p7s.
    static void create(const std::string& out, const std::string& documentPath, const Bytes& signature);

    const std::string& documentName() const { return documentName_; }
    // The document's hash, read from the container in pieces (constant memory, whatever its size).
    Bytes digestDocument(const EVP_MD* md) const;
    const Bytes& signature() const { return signature_; }
    // This container with `signature` in place of META-INF/signature.p7s, written to `out` (this file
    // itself, or a copy) through a temporary file and a rename: the old container stays whole until then.
    void saveWithSignature(const std::string& out, const Bytes& signature);

private:
    struct ZipCloser {
        void operator()(zip_t* z) const { zip_discard(z); }
    };
    AsicContainer(std::string path, std::unique_ptr<zip_t, ZipCloser> zip)
        : path_(std::move(path)), zip_(std::move(zip)) {}

    std::string path_;
    std::unique_ptr<zip_t, ZipCloser> zip_;
    std::string documentName_;
    zip_uint64_t documentIndex_ = 0;
    Bytes signature_;
};

}  // namespace ias::sign
