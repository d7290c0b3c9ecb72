#include "AsicContainer.h"

#include <openssl/evp.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#include "DocumentDigest.h"

namespace ias::sign {
namespace {

constexpr const char* kSignatureName = "META-INF/signature.p7s";
// A CAdES file of this tool holds a few certificates and signers; a larger one is not a signature of ours
// and would only be a way to make us allocate.
constexpr zip_uint64_t kSignatureLimit = 16 * 1024 * 1024;

using ZipPtr = std::unique_ptr<zip_t, decltype([](zip_t* z) { zip_discard(z); })>;
using ZipFilePtr = std::unique_ptr<zip_file_t, decltype([](zip_file_t* f) { zip_fclose(f); })>;

[[noreturn]] void fail(const std::string& path, const std::string& what) {
    throw CmsError(path + ": not an ASiC-S container: " + what);
}

std::string zipErrorText(int code) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string text = zip_error_strerror(&error);
    zip_error_fini(&error);
    return text;
}

ZipPtr openZip(const std::string& path, int flags) {
    int code = 0;
    ZipPtr zip(zip_open(path.c_str(), flags, &code));
    if (!zip) throw CmsError("cannot open " + path + " as a ZIP file: " + zipErrorText(code));
    return zip;
}

zip_stat_t statOf(zip_t* zip, zip_uint64_t index, const std::string& path) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip, index, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) || !(st.valid & ZIP_STAT_SIZE))
        fail(path, std::string("entry ") + std::to_string(index) + " unreadable: " + zip_strerror(zip));
    return st;
}

// Reads an entry through `sink`, in pieces; CmsError when the ZIP data is damaged (CRC, inflate).
void readEntry(zip_t* zip, zip_uint64_t index, const std::string& path, const PieceSink& sink) {
    ZipFilePtr file(zip_fopen_index(zip, index, 0));
    if (!file) fail(path, std::string("cannot read an entry: ") + zip_strerror(zip));
    std::vector<unsigned char> piece(1 << 20);
    for (;;) {
        const zip_int64_t n = zip_fread(file.get(), piece.data(), piece.size());
        if (n < 0) fail(path, std::string("damaged entry: ") + zip_file_strerror(file.get()));
        if (n == 0) break;
        sink(piece.data(), static_cast<std::size_t>(n));
    }
}

Bytes readSmallEntry(zip_t* zip, zip_uint64_t index, const std::string& path, zip_uint64_t limit) {
    if (statOf(zip, index, path).size > limit) fail(path, "an entry is too large");
    Bytes data;
    readEntry(zip, index, path, [&](const unsigned char* p, std::size_t n) {
        if (data.size() + n > limit) fail(path, "an entry is larger than it says");
        data.insert(data.end(), p, p + n);
    });
    return data;
}

void addEntry(zip_t* zip, const char* name, zip_source_t* source, const std::string& out, bool stored) {
    if (!source) throw CmsError("cannot write " + out + ": " + zip_strerror(zip));
    const zip_int64_t index = zip_file_add(zip, name, source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (index < 0) {
        zip_source_free(source);
        throw CmsError("cannot write " + out + ": " + zip_strerror(zip));
    }
    if (stored && zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) != 0)
        throw CmsError("cannot write " + out + ": " + zip_strerror(zip));
}

// libzip writes the archive to a temporary file in the same directory and renames it over `out` at
// zip_close: a failure before leaves the old file as it was.
void closeZip(ZipPtr zip, const std::string& out) {
    if (zip_close(zip.get()) != 0) throw CmsError("cannot write " + out + ": " + zip_strerror(zip.get()));
    zip.release();  // zip_close freed it
}

}  // namespace

bool AsicContainer::isZip(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    char magic[4] = {};
    return in.read(magic, 4) && std::memcmp(magic, "PK\x03\x04", 4) == 0;
}

AsicContainer AsicContainer::open(const std::string& path) {
    ZipPtr zip = openZip(path, ZIP_RDONLY | ZIP_CHECKCONS);
    const zip_int64_t count = zip_get_num_entries(zip.get(), 0);
    std::optional<zip_uint64_t> document, signatureEntry;
    std::string documentName;
    for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
        const zip_stat_t st = statOf(zip.get(), i, path);
        const std::string name = st.name;
        if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
            fail(path, "entry " + name + " is encrypted");
        if (name == "mimetype") {
            if (i != 0) fail(path, "mimetype is not the first entry");
            if (st.comp_method != ZIP_CM_STORE) fail(path, "mimetype is compressed");
            if (zip_file_extra_fields_count(zip.get(), i, ZIP_FL_LOCAL) > 0)
                fail(path, "mimetype has extra fields (its media type must lie at offset 38)");
            const Bytes type = readSmallEntry(zip.get(), i, path, 256);
            if (std::string(type.begin(), type.end()) != kAsicSMediaType)
                fail(path,
                     "mimetype is \"" + std::string(type.begin(), type.end()) + "\", not " + kAsicSMediaType);
        } else if (name == kSignatureName) {
            signatureEntry = i;
        } else if (name.rfind("META-INF/", 0) == 0 || (!name.empty() && name.back() == '/')) {
            // Other metadata and directory entries sign nothing: not the data object.
        } else if (name.find('/') != std::string::npos || name == "." || name == "..") {
            fail(path, "\"" + name + "\" is not at the root (an ASiC-S data object is)");
        } else if (document) {
            fail(path, "two documents (" + documentName + ", " + name + "); ASiC-S holds one");
        } else {
            document = i;
            documentName = name;
        }
    }
    if (!document) fail(path, "no document");
    if (!signatureEntry) fail(path, std::string("no ") + kSignatureName);
    AsicContainer container(path, std::unique_ptr<zip_t, ZipCloser>(zip.release()));
    container.documentName_ = documentName;
    container.documentIndex_ = *document;
    container.signature_ = readSmallEntry(container.zip_.get(), *signatureEntry, path, kSignatureLimit);
    return container;
}

Bytes AsicContainer::digestDocument(const EVP_MD* md) const {
    return digestPieces(md,
                        [&](const PieceSink& sink) { readEntry(zip_.get(), documentIndex_, path_, sink); });
}

void AsicContainer::create(const std::string& out, const std::string& documentPath, const Bytes& signature) {
    const std::string name = std::filesystem::path(documentPath).filename().string();
    if (name.empty() || name == "mimetype" || name == "META-INF")
        throw CmsError("cannot put a document named \"" + name + "\" in an ASiC-S container");
    ZipPtr zip = openZip(out, ZIP_CREATE | ZIP_TRUNCATE);
    addEntry(zip.get(), "mimetype",
             zip_source_buffer(zip.get(), kAsicSMediaType, std::strlen(kAsicSMediaType), 0), out, true);
    // Read at zip_close, in pieces: the document is never held in memory.
    addEntry(zip.get(), name.c_str(), zip_source_file(zip.get(), documentPath.c_str(), 0, -1), out, false);
    addEntry(zip.get(), kSignatureName, zip_source_buffer(zip.get(), signature.data(), signature.size(), 0),
             out, false);
    closeZip(std::move(zip), out);
}

void AsicContainer::saveWithSignature(const std::string& out, const Bytes& signature) {
    namespace fs = std::filesystem;
    zip_.reset();  // the container is read again below, as the file to change
    std::error_code same;
    if (!fs::equivalent(path_, out, same)) {
        // A copy first (a new file: nothing of the user's to lose), then changed like the original.
        std::error_code error;
        fs::copy_file(path_, out, fs::copy_options::overwrite_existing, error);
        if (error) throw CmsError("cannot write " + out + ": " + error.message());
    }
    ZipPtr zip = openZip(out, ZIP_CHECKCONS);
    const zip_int64_t index = zip_name_locate(zip.get(), kSignatureName, 0);
    if (index < 0) fail(out, std::string("no ") + kSignatureName);
    zip_source_t* source = zip_source_buffer(zip.get(), signature.data(), signature.size(), 0);
    if (!source || zip_file_replace(zip.get(), static_cast<zip_uint64_t>(index), source, 0) != 0) {
        if (source) zip_source_free(source);
        throw CmsError("cannot write " + out + ": " + zip_strerror(zip.get()));
    }
    closeZip(std::move(zip), out);
    *this = open(out);
}

}  // namespace ias::sign
