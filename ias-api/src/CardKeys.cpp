// The card's keys by purpose, as the tools and the challenge-response flow choose them (docs/ias-api.md).
#include "ias/api/ApiError.h"
#include "ias/api/Card.h"

namespace ias::api {

const KeyInfo& Card::authenticationKey() {
    const Application& app = application();
    for (const KeyInfo& key : app.keys)
        if (app.isAuthenticationKey(key) && !key.qualified() && key.hasCertificate) return key;
    throw ApiError(ApiErrorKind::NotFound, "no authentication key with a certificate on the card");
}

const KeyInfo& Card::qualifiedSignatureKey() {
    for (const KeyInfo& key : application().keys)
        if (key.qualified() && key.hasCertificate &&
            (key.usage & (key_usage::kSign | key_usage::kNonRepudiation)))
            return key;
    throw ApiError(ApiErrorKind::NotFound, "no qualified-signature key with a certificate on the card");
}

}  // namespace ias::api
