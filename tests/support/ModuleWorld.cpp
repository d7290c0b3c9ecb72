#include "ModuleWorld.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <unistd.h>
#include <condition_variable>
#include <mutex>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "BackendErrors.h"
#include "IasCardConnection.h"
#include "TokenBackend.h"
#include "ias/apdu/InProcessTransport.h"
#include "ias/api/ContentCache.h"
#include "ias/api/SmKeyStore.h"
#include "vcard/ProfileLoader.h"
#include "vcard/StateFile.h"
#include "vcard/VirtualCard.h"

extern "C" CK_RV C_GetInterface(CK_UTF8CHAR_PTR name, CK_VERSION_PTR version, CK_INTERFACE_PTR_PTR iface,
                                CK_FLAGS flags);

namespace ias::fuzz {
namespace {

namespace fs = std::filesystem;

// The extended profile: RSA PKCS#1 and PSS, and an EC key, so every mechanism the module has is reachable.
fs::path personalise(fs::path& removeLater) {
    if (const char* given = std::getenv("IAS_FUZZ_CARD_DIR"); given != nullptr && *given != '\0')
        return given;
    char tmpl[] = "/tmp/ias-fuzz-app-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
    removeLater = tmpl;
    const fs::path dir = removeLater / "card";
    const fs::path script = fs::path(IAS_SOURCE_DIR) / "tests/virtual-card/personalise/personalise";
    const std::string pkiCache = "/tmp/ias-fuzz-app-pki-" + std::to_string(::getuid());
    const std::string cmd = "bash '" + script.string() + "' '" + dir.string() +
                            "' --profile extended --pki-cache '" + pkiCache + "' >'" +
                            (removeLater / "personalise.log").string() + "' 2>&1";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("personalisation failed: " + cmd);
    return dir;
}

X509* readCertificate(const fs::path& pem) {
    FILE* f = std::fopen(pem.c_str(), "r");
    if (f == nullptr) throw std::runtime_error("cannot read " + pem.string());
    X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    if (cert == nullptr) throw std::runtime_error("not a certificate: " + pem.string());
    return cert;
}

Bytes derOf(const fs::path& pem) {
    X509* cert = readCertificate(pem);
    unsigned char* der = nullptr;
    const int len = i2d_X509(cert, &der);
    X509_free(cert);
    if (len <= 0) throw std::runtime_error("cannot encode " + pem.string());
    Bytes out(der, der + len);
    OPENSSL_free(der);
    return out;
}

Bytes cryptogramFor(const fs::path& certificatePem) {
    X509* cert = readCertificate(certificatePem);
    EVP_PKEY* key = X509_get_pubkey(cert);
    X509_free(cert);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
    const std::string message = ModuleWorld::kCryptogramMessage;
    Bytes out(512);
    std::size_t len = out.size();
    const bool ok =
        ctx != nullptr && EVP_PKEY_encrypt_init(ctx) == 1 &&
        EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
        EVP_PKEY_encrypt(ctx, out.data(), &len, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size()) == 1;
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(key);
    if (!ok) throw std::runtime_error("cannot encrypt under " + certificatePem.string());
    out.resize(len);
    return out;
}

// One reader, "Virtual IAS-ECC card 0", always holding the world's current card. No events: a blocking
// C_WaitForSlotEvent waits until C_Finalize (a wait ends at its timeout or at cancelWait()).
class VirtualCardBackend : public p11::TokenBackend {
public:
    std::vector<p11::ReaderStatus> readers() override { return {{"Virtual IAS-ECC card 0", true, 1}}; }
    bool waitForChange(std::chrono::milliseconds timeout) override {
        std::unique_lock<std::mutex> lk(waitMutex_);
        cancelled_.wait_for(lk, timeout, [this] { return cancelled; });
        return false;
    }
    void cancelWait() override {
        {
            std::lock_guard<std::mutex> lk(waitMutex_);
            cancelled = true;
        }
        cancelled_.notify_all();
    }
    std::unique_ptr<p11::CardConnection> connect(const std::string&) override {
        ModuleWorld& world = ModuleWorld::instance();
        // Every PIN comes from the application: the module's own dialog would start ias-pinentry.
        p11::PinSettings pins;
        pins.dialog = p11::PinSettings::Dialog::Never;
        pins.contextDialog = false;
        api::Card::Options options{world.cache, world.smKeys, world.persistentDir};
        return p11::translatingErrors([&]() -> std::unique_ptr<p11::CardConnection> {
            return std::make_unique<p11::IasCardConnection>(
                std::make_unique<InProcessTransport>(world.endpoint != nullptr ? *world.endpoint
                                                                               : world.card()),
                std::move(options), false, pins);
        });
    }

private:
    std::mutex waitMutex_;
    std::condition_variable cancelled_;
    bool cancelled = false;
};

}  // namespace

CK_FUNCTION_LIST_3_0* ModuleWorld::functions() {
    static CK_FUNCTION_LIST_3_0* const list = [] {
        CK_INTERFACE_PTR iface = nullptr;
        if (C_GetInterface(nullptr, nullptr, &iface, 0) != CKR_OK || iface == nullptr)
            throw std::runtime_error("the module offers no PKCS #11 3.0 interface");
        return static_cast<CK_FUNCTION_LIST_3_0*>(iface->pFunctionList);
    }();
    return list;
}

ModuleWorld& ModuleWorld::instance() {
    static ModuleWorld world;
    return world;
}

ModuleWorld::ModuleWorld() {
    // No configuration file of this machine (log level, PIN dialog, cache directory) changes the runs.
    ::setenv("IAS_ECC_CONF", "/dev/null", 1);
    ::unsetenv("IAS_ECC_LOG");
    fs::path removeLater;
    const fs::path dir = personalise(removeLater);
    stateText_ = vcard::serializeState(vcard::loadProfile(dir / "card.profile"));
    cache = std::make_shared<api::ContentCache>();
    smKeys = std::make_shared<const api::SmKeyStore>(api::SmKeyStore::fromFile(dir / "ias-ecc.conf"));
    authCryptogram = cryptogramFor(dir / "pki" / "auth.pem");
    for (const char* name : {"auth", "auth-ec", "sign", "issuing-ca", "root-ca"})
        certificates[name] = derOf(dir / "pki" / (std::string(name) + ".pem"));
    if (!removeLater.empty()) {
        std::error_code ec;
        fs::remove_all(removeLater, ec);
    }
    freshCard();
}

void ModuleWorld::freshCard() {
    // A card whose persistent state no command changed is, after a reset, the card it was made from: only
    // inputs that changed a PIN counter or value cost a new one.
    if (card_ && card_->stateChanges() == 0) {
        card_->reset();
        return;
    }
    card_.reset();
    card_ = vcard::VirtualCard::inMemory(stateText_);
}

vcard::VirtualCard& ModuleWorld::card() {
    return *card_;
}

}  // namespace ias::fuzz

namespace ias::p11 {

std::unique_ptr<TokenBackend> makeTokenBackend() {
    return std::make_unique<fuzz::VirtualCardBackend>();
}

}  // namespace ias::p11
