#pragma once
// What the ias_sign_cms unit tests share: software keys with certificates from a test root made here, the
// key as ias-sign's SignatureKey, and a fixture with a document, another document, the root as anchors
// file and OpenSSL's own CMS_verify as the witness.
#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "CmsBuild.h"
#include "CmsVerify.h"
#include "CounterSignature.h"
#include "DocumentDigest.h"

namespace ias::sign {

inline PkeyPtr newEcKey() {
    return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
}

inline PkeyPtr newRsaKey() {
    return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048}));
}

inline X509Ptr newCertificate(EVP_PKEY* key, const char* cn, X509* issuer, EVP_PKEY* issuerKey, long serial,
                              const char* keyUsage, bool ca) {
    X509Ptr cert(X509_new());
    X509_set_version(cert.get(), X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400);
    X509_NAME_add_entry_by_txt(X509_get_subject_name(cert.get()), "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
    X509_set_issuer_name(cert.get(),
                         issuer ? X509_get_subject_name(issuer) : X509_get_subject_name(cert.get()));
    X509_set_pubkey(cert.get(), key);
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_key_usage, keyUsage},
                              std::pair{NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE"}}) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
        X509_add_ext(cert.get(), ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(cert.get(), issuerKey ? issuerKey : key, EVP_sha256());
    return cert;
}

// A software key with a certificate from the test root: EC P-256 unless given another (an RSA key signs
// PKCS#1 v1.5 or PSS as asked; `pssSalt` other than -1 makes PSS values with that salt length, whatever
// the SignerInfo will say).
class SoftwareKey : public SignatureKey {
public:
    SoftwareKey(X509* root, EVP_PKEY* rootKey, const char* cn, long serial, const char* usage,
                PkeyPtr key = newEcKey())
        : key_(std::move(key)),
          cert_(newCertificate(key_.get(), cn, root, rootKey, serial, usage, false)),
          root_(root) {}
    X509* certificate() override { return cert_.get(); }
    std::vector<X509*> chain() override { return {root_}; }
    Bytes signHash(const EVP_MD* md, const Bytes& hash, RsaPadding padding) override {
        ++signatures;
        std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new(key_.get(), nullptr),
                                                                        EVP_PKEY_CTX_free);
        EVP_PKEY_sign_init(ctx.get());
        EVP_PKEY_CTX_set_signature_md(ctx.get(), md);
        if (EVP_PKEY_is_a(key_.get(), "RSA") && padding == RsaPadding::Pss) {
            EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING);
            EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), pssSalt >= 0 ? pssSalt : RSA_PSS_SALTLEN_DIGEST);
            EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), md);
        }
        std::size_t len = 0;
        EVP_PKEY_sign(ctx.get(), nullptr, &len, hash.data(), hash.size());
        Bytes out(len);
        if (EVP_PKEY_sign(ctx.get(), out.data(), &len, hash.data(), hash.size()) != 1)
            throw std::runtime_error("the software key did not sign");
        out.resize(len);
        return out;
    }
    int signatures = 0;
    int pssSalt = -1;

private:
    PkeyPtr key_;
    X509Ptr cert_;
    X509* root_;
};

class CmsFixture : public ::testing::Test {
protected:
    void SetUp() override {
        rootKey_ = newEcKey();
        root_ = newCertificate(rootKey_.get(), "Test Root", nullptr, nullptr, 1,
                               "critical,keyCertSign,cRLSign", true);
        // A directory of its own: CTest runs these cases in parallel, and each writes its own root.
        std::string pattern = ::testing::TempDir() + "/cms-signer-test.XXXXXX";
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        document_ = dir_ + "/cms-signer-test.txt";
        other_ = dir_ + "/cms-signer-test-other.txt";
        anchors_ = dir_ + "/cms-signer-test-root.pem";
        std::ofstream(document_) << "a decision to sign\n";
        std::ofstream(other_) << "another decision\n";
        FILE* f = std::fopen(anchors_.c_str(), "w");
        PEM_write_X509(f, root_.get());
        std::fclose(f);
    }
    // OpenSSL's own verification of every signer over the document (CMS_CADES: ESS signing-certificate).
    bool opensslVerifies(CMS_ContentInfo* cms, const std::string& document) {
        StorePtr store(X509_STORE_new());
        X509_STORE_add_cert(store.get(), root_.get());
        BioPtr content(BIO_new_file(document.c_str(), "rb"));
        const int ok = CMS_verify(cms, nullptr, store.get(), content.get(), nullptr, CMS_BINARY | CMS_CADES);
        ERR_clear_error();
        return ok == 1;
    }
    static const SignerVerdict& verdictOf(const std::vector<SignerVerdict>& verdicts,
                                          const std::string& subject) {
        const auto it = std::find_if(verdicts.begin(), verdicts.end(),
                                     [&](const SignerVerdict& v) { return v.subject == subject; });
        if (it == verdicts.end()) throw std::runtime_error("no verdict for " + subject);
        return *it;
    }
    PkeyPtr rootKey_;
    X509Ptr root_;
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string dir_, document_, other_, anchors_;
};

}  // namespace ias::sign
