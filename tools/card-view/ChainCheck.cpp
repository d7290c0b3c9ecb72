#include "ChainCheck.h"

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>
#include <stdexcept>

#include "CardPage.h"
#include "CertificateFiles.h"

namespace ias::cardview {
namespace {

using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;

X509Ptr parse(ByteView der) {
    const unsigned char* p = der.data();
    X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(der.size())), X509_free);
    if (!x) throw std::invalid_argument("not an X.509 certificate");
    return x;
}

std::string shortName(X509* x) {
    X509_NAME* name = X509_get_subject_name(x);
    char cn[256] = {};
    if (X509_NAME_get_text_by_NID(name, NID_commonName, cn, sizeof cn) > 0) return cn;
    char* line = X509_NAME_oneline(name, nullptr, 0);
    std::string out = line != nullptr ? line : "?";
    OPENSSL_free(line);
    return out;
}

}  // namespace

std::vector<Bytes> authorities(const CardPage& page) {
    std::vector<Bytes> out;
    for (const CertificateView& c : page.certificates)
        if (c.info.authority && !c.der.empty()) out.push_back(c.der);
    return out;
}

const char* chainTrustName(ChainTrust t) {
    switch (t) {
        case ChainTrust::Trusted:
            return "trusted";
        case ChainTrust::UntrustedRoot:
            return "untrusted-root";
        case ChainTrust::Incomplete:
            return "incomplete";
        case ChainTrust::Refused:
            return "refused";
    }
    return "?";
}

ChainView checkChain(ByteView der, const std::vector<Bytes>& cardAuthorities,
                     const std::string& anchorsFile) {
    const std::vector<Bytes> chain = issuerChain(der, cardAuthorities);
    ChainView view;
    std::vector<X509Ptr> parsed;
    for (const Bytes& c : chain) {
        parsed.push_back(parse(c));
        view.names.push_back(shortName(parsed.back().get()));
    }
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
    // sk_X509_free is a macro: a lambda owns the stack (not its certificates, which `parsed` owns).
    auto freeStack = [](STACK_OF(X509) * s) { sk_X509_free(s); };
    std::unique_ptr<STACK_OF(X509), decltype(freeStack)> untrusted(sk_X509_new_null(), freeStack);
    std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                        X509_STORE_CTX_free);
    if (!store || !untrusted || !ctx) throw std::runtime_error("out of memory");
    const int loaded = anchorsFile.empty() ? X509_STORE_set_default_paths(store.get())
                                           : X509_STORE_load_file(store.get(), anchorsFile.c_str());
    for (std::size_t i = 1; i < parsed.size(); ++i) sk_X509_push(untrusted.get(), parsed[i].get());
    if (X509_STORE_CTX_init(ctx.get(), store.get(), parsed.front().get(), untrusted.get()) != 1)
        throw std::runtime_error("chain check could not start");
    if (loaded == 1 && X509_verify_cert(ctx.get()) == 1) {
        view.trust = ChainTrust::Trusted;
        return view;
    }
    const int error = X509_STORE_CTX_get_error(ctx.get());
    view.reason = loaded == 1 ? X509_verify_cert_error_string(error) : "the trust anchors could not be read";
    if (error == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN || error == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT)
        view.trust = ChainTrust::UntrustedRoot;
    else if (error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY ||
             error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT)
        view.trust = ChainTrust::Incomplete;
    else
        view.trust = ChainTrust::Refused;
    return view;
}

}  // namespace ias::cardview
