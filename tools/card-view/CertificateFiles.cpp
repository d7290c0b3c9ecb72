#include "CertificateFiles.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace ias::cardview {
namespace {

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

X509Ptr parse(ByteView der) {
    const unsigned char* p = der.data();
    X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(der.size())), X509_free);
    if (!x) throw std::invalid_argument("not an X.509 certificate");
    return x;
}

std::string bioText(BIO* bio) {
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace

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
    BioPtr bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio || PEM_write_bio(bio.get(), "CERTIFICATE", "", der.data(), static_cast<long>(der.size())) <= 0)
        throw std::runtime_error("PEM encoding failed");
    return bioText(bio.get());
}

bool writeText(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    return static_cast<bool>(out);
}

bool writeCertificate(const std::string& path, ByteView der, CertificateFormat format) {
    if (format == CertificateFormat::Pem) return writeText(path, pemText(der));
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(der.data()), static_cast<std::streamsize>(der.size()));
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

std::vector<Bytes> issuerChain(ByteView der, const std::vector<Bytes>& candidates) {
    std::vector<Bytes> chain{Bytes(der.begin(), der.end())};
    std::vector<X509Ptr> parsed;
    for (const Bytes& c : candidates) {
        try {
            parsed.push_back(parse(c));
        } catch (const std::invalid_argument&) {
            parsed.push_back(X509Ptr(nullptr, X509_free));  // an unreadable one issues nothing
        }
    }
    X509Ptr current = parse(der);
    // Each candidate at most once: a loop of certificates that issue each other ends.
    std::vector<bool> used(candidates.size(), false);
    while (X509_check_issued(current.get(), current.get()) != X509_V_OK) {
        std::size_t found = candidates.size();
        for (std::size_t i = 0; i < candidates.size() && found == candidates.size(); ++i)
            if (!used[i] && parsed[i] && X509_check_issued(parsed[i].get(), current.get()) == X509_V_OK)
                found = i;
        if (found == candidates.size()) break;
        used[found] = true;
        chain.push_back(candidates[found]);
        current = parse(candidates[found]);
    }
    return chain;
}

std::string pemChain(const std::vector<Bytes>& chain) {
    std::string out;
    for (const Bytes& c : chain) out += pemText(c);
    return out;
}

std::string publicKeyPem(ByteView der) {
    const X509Ptr x = parse(der);
    BioPtr bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), X509_get0_pubkey(x.get())) != 1)
        throw std::invalid_argument("the certificate's public key does not encode");
    return bioText(bio.get());
}

}  // namespace ias::cardview
