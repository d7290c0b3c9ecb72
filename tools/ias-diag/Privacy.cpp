#include "Privacy.h"

#include <openssl/evp.h>

#include <cstdio>

namespace ias::diag {

std::string anonymised(std::string_view value) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(value.data(), value.size(), digest, &length, EVP_sha256(), nullptr) != 1) return "anon:?";
    std::string out = "anon:";
    char hex[3];
    for (unsigned int i = 0; i < 6 && i < length; ++i) {
        std::snprintf(hex, sizeof hex, "%02x", digest[i]);
        out += hex;
    }
    return out;
}

std::string Privacy::personal(std::string_view value) const {
    if (!anonymise_ || value.empty()) return std::string(value);
    return anonymised(value);
}

std::string Privacy::path(std::string_view value) const {
    if (home_.size() > 1 && value.starts_with(home_) &&
        (value.size() == home_.size() || value[home_.size()] == '/'))
        return "~" + std::string(value.substr(home_.size()));
    return std::string(value);
}

}  // namespace ias::diag
