// web-login: what the card's authentication keys can do for a web site's client-certificate login.
// TLS 1.3 (RFC 8446 §4.2.3, §4.4.3) does not allow RSA PKCS#1 v1.5 in CertificateVerify: an RSA key needs
// RSA-PSS, an EC key signs ECDSA. A key that signs PKCS#1 v1.5 only logs in to TLS 1.2 sites alone. What a
// key signs is ias-api's reading of the card (KeyInfo::supports, from the PrKDF and TokenInfo algorithms).
#include "Checks.h"

namespace ias::diag {
namespace {

bool signsForTls13(const api::KeyInfo& k) {
    if (k.type == api::KeyType::Ec) return k.supports(api::SignMechanism::Ecdsa);
    return k.supports(api::SignMechanism::RsaPssSha256) || k.supports(api::SignMechanism::RsaPssSha384) ||
           k.supports(api::SignMechanism::RsaPssSha512);
}

}  // namespace

CheckResult checkWebLogin(const api::Application& app) {
    CheckResult r{"web-login", tr("Web login (TLS client certificate)"), Status::Ok, "", "", {}};
    int keys = 0, tls13 = 0;
    std::string refused;
    for (const api::KeyInfo& k : app.keys) {
        if (!app.isAuthenticationKey(k)) continue;
        ++keys;
        const bool ok = signsForTls13(k);
        if (ok)
            ++tls13;
        else
            refused += (refused.empty() ? "" : ", ") + k.label;
        std::string signs;
        for (api::SignMechanism m : k.signMechanisms)
            signs += (signs.empty() ? "" : ", ") + std::string(api::toString(m));
        r.details.push_back(Detail{"key", {}}
                                .add("label", k.label)
                                .add("type", k.type == api::KeyType::Rsa ? "RSA" : "EC")
                                .add("signs", signs)
                                .add("tls12", "yes")
                                .add("tls13", ok ? "yes" : "no"));
    }
    if (keys == 0) {
        r.finding = tr("the card has no authentication key");
        r.problem(Status::Warn, tr("The card cannot log in to web sites: it holds no authentication key; ask "
                                   "the card issuer."));
        return r;
    }
    r.finding = trnf("%1 authentication key, %2 usable with TLS 1.3",
                     "%1 authentication keys, %2 usable with TLS 1.3", static_cast<unsigned long>(keys),
                     {std::to_string(keys), std::to_string(tls13)});
    if (!refused.empty())
        r.problem(Status::Warn,
                  trf("Web sites using TLS 1.3 will refuse the card's login with %1: it signs with RSA "
                      "PKCS#1 v1.5 only, which TLS 1.3 does not allow (it needs RSA-PSS or ECDSA). Sites "
                      "using TLS 1.2 work. Nothing to fix on this computer: ask the card issuer for a card "
                      "whose authentication key signs RSA-PSS or ECDSA.",
                      {refused}));
    return r;
}

}  // namespace ias::diag
