#pragma once
// A personalised virtual card in-process for the card-layer tests: the test bed's personalisation runs
// once per test program (standard and extended profiles, into a temporary directory); every test gets a
// fresh card (its own state file) behind a transport that counts APDUs and bytes and can simulate a reset
// by another application.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "SignatureCheck.h"
#include "TestData.h"
#include "ias/apdu/InProcessTransport.h"
#include "ias/api/Card.h"
#include "vcard/VirtualCard.h"

namespace ias::api::test {

namespace fs = std::filesystem;

// Wraps a transport: counts APDUs (each transmitRaw, GET RESPONSE included) and bytes both ways.
class CountingTransport : public Transport {
public:
    CountingTransport(Transport& inner, CardEndpoint* card = nullptr) : inner_(inner), card_(card) {}
    ResponseApdu transmitRaw(const SecureBuffer& command) override {
        if (resetPending_) {
            resetPending_ = false;
            if (card_) card_->reset();
            throw CardResetError("simulated reset by another application");
        }
        ++apdus;
        bytesSent += command.size();
        ResponseApdu r = inner_.transmitRaw(command);
        bytesReceived += r.data().size() + 2;
        if (alter) alter(r);
        return r;
    }
    Bytes atr() const override { return inner_.atr(); }
    Protocol protocol() const override { return inner_.protocol(); }
    void beginTransaction() override {
        ++transactions;
        inner_.beginTransaction();
    }
    void endTransaction() noexcept override { inner_.endTransaction(); }
    void reconnect(bool resetCard) override {
        ++reconnects;
        inner_.reconnect(resetCard);
    }
    void resetCounters() { apdus = bytesSent = bytesReceived = 0; }
    // The next APDU finds the card reset by someone else.
    void injectReset() { resetPending_ = true; }

    std::size_t apdus = 0, bytesSent = 0, bytesReceived = 0, transactions = 0, reconnects = 0;
    std::function<void(ResponseApdu&)> alter;  // changes the card's answers (tests of SM checks)

private:
    Transport& inner_;
    CardEndpoint* card_;
    bool resetPending_ = false;
};

// Personalises (once per process and profile) into a temporary directory.
inline const fs::path& personalised(const std::string& profile) {
    static std::map<std::string, fs::path> dirs;
    auto it = dirs.find(profile);
    if (it != dirs.end()) return it->second;
    const fs::path script = fs::path(IAS_SOURCE_DIR) / "tests/virtual-card/personalise/personalise";
    const fs::path work = fs::temp_directory_path() / ("ias-api-card-" + std::to_string(::getpid()));
    const fs::path dir = work / profile;
    fs::remove_all(dir);
    fs::create_directories(work);
    const std::string cmd = "bash '" + script.string() + "' '" + dir.string() + "' --profile " + profile +
                            " --pki-cache '" + (fs::temp_directory_path() / "ias-api-card-pki").string() +
                            "' >'" + (work / "personalise.log").string() + "' 2>&1";
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("personalisation failed: " + cmd);
    static struct Cleanup {
        fs::path work;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(work, ec);
        }
    } cleanup{work};
    return dirs.emplace(profile, dir).first->second;
}

inline SecureBuffer secret(const char* text) {
    return SecureBuffer::copyOf(std::string_view(text));
}

inline const Bytes kAuthPin{0x01}, kSignPin{0x02}, kPuk{0x03};    // AODF authIds
inline const Bytes kAuthKey{0x01}, kSignKey{0x02}, kEcKey{0x03};  // PrKDF/CDF iDs

class CardTest : public ::testing::Test {
protected:
    virtual std::string profile() const { return "standard"; }

    void SetUp() override {
        dir_ = personalised(profile());
        state_ = dir_ / ("state-" + std::to_string(counter()++) + ".state");
        card_ = std::make_unique<vcard::VirtualCard>(state_, dir_ / "card.profile");
        inner_ = std::make_unique<InProcessTransport>(*card_);
        transport_ = std::make_unique<CountingTransport>(*inner_, card_.get());
        keys_ = std::make_shared<const SmKeyStore>(SmKeyStore::fromFile(dir_ / "ias-ecc.conf"));
        cache_ = std::make_shared<ContentCache>();
    }
    void TearDown() override {
        transport_.reset();
        inner_.reset();
        card_.reset();
        std::error_code ec;
        fs::remove(state_, ec);
    }

    // A new Card on the same virtual card (the same process cache unless told otherwise).
    std::unique_ptr<Card> openCard(std::shared_ptr<ContentCache> cache = nullptr,
                                   std::shared_ptr<const SmKeyStore> keys = nullptr) {
        Card::Options o;
        o.cache = cache ? cache : cache_;
        o.smKeys = keys ? keys : keys_;
        return std::make_unique<Card>(*transport_, o);
    }

    // The card restarted from its state file (PIN verifications gone, persistent state kept).
    void restartCard() {
        transport_.reset();
        inner_.reset();
        card_.reset();
        card_ = std::make_unique<vcard::VirtualCard>(state_);
        inner_ = std::make_unique<InProcessTransport>(*card_);
        transport_ = std::make_unique<CountingTransport>(*inner_, card_.get());
    }

    Bytes pkiFile(const std::string& name) const { return readFile((dir_ / "pki" / name).string()); }

    static int& counter() {
        static int n = 0;
        return n;
    }

    fs::path dir_, state_;
    std::unique_ptr<vcard::VirtualCard> card_;
    std::unique_ptr<InProcessTransport> inner_;
    std::unique_ptr<CountingTransport> transport_;
    std::shared_ptr<const SmKeyStore> keys_;
    std::shared_ptr<ContentCache> cache_;
};

// OpenSSL helpers for checking signatures against the certificate read from the card.
using testsupport::Pkey;

inline Pkey publicKeyOf(const Bytes& certificateDer) {
    Pkey k = testsupport::publicKeyOfCertificate(certificateDer);
    if (!k) throw std::runtime_error("not a certificate");
    return k;
}

inline Bytes sha(const char* name, ByteView data) {
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int n = 0;
    EVP_Digest(data.data(), data.size(), out.data(), &n, EVP_get_digestbyname(name), nullptr);
    out.resize(n);
    return out;
}

// The card's raw ECDSA signature r || s (each half `rs.size() / 2` bytes) as the DER ECDSA-Sig-Value
// OpenSSL verifies.
inline Bytes ecdsaDer(ByteView rs) {
    const auto integer = [](ByteView v) {
        Bytes b(v.begin(), v.end());
        while (b.size() > 1 && b[0] == 0 && !(b[1] & 0x80)) b.erase(b.begin());
        if (b[0] & 0x80) b.insert(b.begin(), 0x00);
        Bytes out{0x02, static_cast<std::uint8_t>(b.size())};
        append(out, view(b));
        return out;
    };
    const std::size_t half = rs.size() / 2;
    Bytes seq = integer(rs.first(half));
    append(seq, view(integer(rs.subspan(half))));
    Bytes der{0x30, static_cast<std::uint8_t>(seq.size())};
    append(der, view(seq));
    return der;
}

// Verifies `signature` over `data` (hashed by OpenSSL with `digest`) with PKCS#1 v1.5, PSS or ECDSA.
inline bool opensslVerifies(EVP_PKEY* key, const char* digest, ByteView data, ByteView signature,
                            bool pss = false) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX* pctx = nullptr;
    bool ok = EVP_DigestVerifyInit(ctx, &pctx, EVP_get_digestbyname(digest), nullptr, key) == 1;
    if (ok && pss) {
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
    }
    ok = ok && EVP_DigestVerify(ctx, signature.data(), signature.size(), data.data(), data.size()) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

}  // namespace ias::api::test
