#include "DocumentDigest.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ias::sign {

Bytes digestPieces(const EVP_MD* md, const std::function<void(const PieceSink&)>& feed) {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) throwOpenSsl("digest");
    feed([&](const unsigned char* p, std::size_t n) {
        if (n > 0 && EVP_DigestUpdate(ctx.get(), p, n) != 1) throwOpenSsl("digest");
    });
    Bytes out(static_cast<std::size_t>(EVP_MD_get_size(md)));
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(ctx.get(), out.data(), &len) != 1) throwOpenSsl("digest");
    out.resize(len);
    return out;
}

Bytes digestFile(const std::string& path, const EVP_MD* md) {
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), std::fclose);
    if (!file) throw CmsError("cannot read " + path + ": " + std::strerror(errno));
    Bytes out = digestPieces(md, [&](const PieceSink& sink) {
        // 1 MiB pieces: large enough that the read calls cost nothing next to the hashing.
        std::vector<unsigned char> piece(1 << 20);
        for (;;) {
            const std::size_t n = std::fread(piece.data(), 1, piece.size(), file.get());
            sink(piece.data(), n);
            if (n < piece.size()) break;
        }
    });
    if (std::ferror(file.get())) throw CmsError("cannot read " + path + ": " + std::strerror(errno));
    return out;
}

Bytes digestBytes(const EVP_MD* md, const Bytes& data) {
    Bytes out(static_cast<std::size_t>(EVP_MD_get_size(md)));
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr) != 1) throwOpenSsl("digest");
    out.resize(len);
    return out;
}

}  // namespace ias::sign
