#include "CertificateFiles.h"

#include <glib.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <fstream>

namespace ias::browser {

CertificateFormat formatForName(const std::string& path) {
    std::string lower = path;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    for (const char* suffix : {".der", ".cer", ".crt"}) {
        const std::string s = suffix;
        if (lower.size() >= s.size() && lower.compare(lower.size() - s.size(), s.size(), s) == 0)
            return CertificateFormat::Der;
    }
    return CertificateFormat::Pem;
}

std::string pemText(ByteView der) {
    gchar* base64 = g_base64_encode(der.data(), der.size());
    const std::string body = base64;
    g_free(base64);
    std::string out = "-----BEGIN CERTIFICATE-----\n";
    for (std::size_t at = 0; at < body.size(); at += 64) out += body.substr(at, 64) + "\n";
    return out + "-----END CERTIFICATE-----\n";
}

bool writeCertificate(const std::string& path, ByteView der, CertificateFormat format) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (format == CertificateFormat::Der) {
        out.write(reinterpret_cast<const char*>(der.data()), static_cast<std::streamsize>(der.size()));
    } else {
        out << pemText(der);
    }
    out.close();
    return static_cast<bool>(out);
}

std::string fingerprint(ByteView der, const char* digest) {
    const EVP_MD* md = EVP_get_digestbyname(digest);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (md == nullptr || EVP_Digest(der.data(), der.size(), out, &n, md, nullptr) != 1) return "?";
    std::string text;
    static const char* hex = "0123456789ABCDEF";
    for (unsigned int i = 0; i < n; ++i) {
        if (i > 0) text += ':';
        text += hex[out[i] >> 4];
        text += hex[out[i] & 0x0F];
    }
    return text;
}

}  // namespace ias::browser
