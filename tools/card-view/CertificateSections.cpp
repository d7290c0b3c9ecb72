#include "CertificateSections.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace ias::cardview {
namespace {

std::string publicKeyText(EVP_PKEY* key) {
    if (key == nullptr) return "?";
    const std::string bits = std::to_string(EVP_PKEY_get_bits(key)) + " bits";
    if (EVP_PKEY_is_a(key, "RSA")) return "RSA " + bits;
    if (EVP_PKEY_is_a(key, "EC")) {
        char group[64] = {};
        EVP_PKEY_get_group_name(key, group, sizeof group, nullptr);
        return "EC " + bits + " (" + group + ")";
    }
    return std::string(EVP_PKEY_get0_type_name(key)) + " " + bits;
}

// OpenSSL's text of one extension, lines joined with "\n", without the indentation it adds.
std::string extensionText(X509_EXTENSION* ext) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio || X509V3_EXT_print(bio.get(), ext, 0, 0) != 1) return "?";
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio.get(), &data);
    std::string text(data, static_cast<std::size_t>(n)), out;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(at, end - at);
        line.erase(0, line.find_first_not_of(' '));
        if (!line.empty()) out += (out.empty() ? "" : "\n") + line;
        at = end + 1;
    }
    return out;
}

}  // namespace

std::vector<CertificateField> certificateSections(ByteView der) {
    const unsigned char* p = der.data();
    std::unique_ptr<X509, decltype(&X509_free)> x(d2i_X509(nullptr, &p, static_cast<long>(der.size())),
                                                  X509_free);
    if (!x) return {};
    std::vector<CertificateField> out;
    out.push_back({"public-key", publicKeyText(X509_get0_pubkey(x.get()))});
    out.push_back({"signature-algorithm", OBJ_nid2ln(X509_get_signature_nid(x.get()))});
    const std::pair<int, const char*> extensions[] = {
        {NID_basic_constraints, "basic-constraints"},
        {NID_subject_alt_name, "subject-alternative-name"},
        {NID_certificate_policies, "certificate-policies"},
        {NID_authority_key_identifier, "authority-key-identifier"},
        {NID_subject_key_identifier, "subject-key-identifier"},
        {NID_crl_distribution_points, "crl-distribution-points"},
        {NID_info_access, "authority-information-access"}};
    for (const auto& [nid, key] : extensions) {
        const int at = X509_get_ext_by_NID(x.get(), nid, -1);
        if (at >= 0) out.push_back({key, extensionText(X509_get_ext(x.get(), at))});
    }
    return out;
}

}  // namespace ias::cardview
