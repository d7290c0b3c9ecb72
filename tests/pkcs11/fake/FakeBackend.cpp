// The fake card world of the test build of the module: readers, cards with PINs and software keys, and a
// TokenBackend over them. Behaves as the card layer promises: PIN tries, blocking, the signature key's
// one-signature-per-VERIFY rule, removal and reset.
#include <condition_variable>
#include <map>
#include <mutex>

#include "FakeControl.h"
#include "FakeKeys.h"
#include "TokenBackend.h"

namespace ias::p11::fake {
namespace {

struct FakePin {
    std::string value;
    int tries = 3;
    int maxTries = 3;
    std::size_t minLength = 4, maxLength = 8;
    bool digitsOnly = true;  // the card profile's PINs are numeric (asciiNumeric)
    bool verified = false;
    bool protectedPath = false;
    std::string pinpadAnswer;
    bool contextDialog = false;
    std::optional<std::string> dialogAnswer;  // nullopt: no dialog can be shown
    int verifyCount = 0;
};

struct FakeKey {
    KeyRef ref;
    Pkey key;
    PinRef pin;
    bool alwaysAuthenticate;
};

struct FakeCard {
    std::map<PinRef, FakePin> pins;
    std::vector<FakeKey> keys;
    CardDescription description;
    int signCount = 0;
};

struct FakeReader {
    std::string name;
    std::shared_ptr<FakeCard> card;
    std::shared_ptr<FakeCard> removed;
    std::uint64_t insertion = 0;
};

class World : public FakeControl {
public:
    std::mutex m;
    std::condition_variable changed;
    std::uint64_t changes = 0;
    std::vector<FakeReader> readers;
    std::uint64_t nextInsertion = 1;
    bool hideKeys = false;
    bool authenticationOnly = false;  // the next backend shows the authentication token only
    int describes = 0;
    int waiting = 0;  // threads inside waitForChange right now
    int cancels = 0;  // cancelWait() calls

    std::shared_ptr<FakeCard> freshCard();
    FakeReader* findReader(const std::string& name) {
        for (auto& r : readers)
            if (r.name == name) return &r;
        return nullptr;
    }
    FakeCard& cardIn(const std::string& reader) {
        FakeReader* r = findReader(reader);
        if (r == nullptr || !r->card) throw std::runtime_error("no card in " + reader);
        return *r->card;
    }
    void bump() {
        ++changes;
        changed.notify_all();
    }

    void reset(int count, bool withCards) override {
        std::lock_guard<std::mutex> lk(m);
        readers.clear();
        for (int i = 0; i < count; ++i) {
            FakeReader r;
            r.name = "Fake Reader " + std::to_string(i);
            if (withCards) {
                r.card = freshCard();
                r.insertion = nextInsertion++;
            }
            readers.push_back(std::move(r));
        }
        hideKeys = false;
        authenticationOnly = false;
        bump();
    }
    void addReader(const std::string& name) override {
        std::lock_guard<std::mutex> lk(m);
        readers.push_back(FakeReader{name, nullptr, nullptr, 0});
        bump();
    }
    void removeReader(const std::string& name) override {
        std::lock_guard<std::mutex> lk(m);
        std::erase_if(readers, [&](const FakeReader& r) { return r.name == name; });
        bump();
    }
    void insertCard(const std::string& reader) override {
        std::lock_guard<std::mutex> lk(m);
        FakeReader* r = findReader(reader);
        if (r == nullptr || r->card) return;
        r->card = r->removed ? r->removed : freshCard();
        r->removed.reset();
        r->insertion = nextInsertion++;
        bump();
    }
    void removeCard(const std::string& reader) override {
        std::lock_guard<std::mutex> lk(m);
        FakeReader* r = findReader(reader);
        if (r == nullptr || !r->card) return;
        for (auto& [ref, pin] : r->card->pins) pin.verified = false;  // power lost
        r->removed = std::move(r->card);
        bump();
    }
    void resetCardSecurity(const std::string& reader) override {
        std::lock_guard<std::mutex> lk(m);
        for (auto& [ref, pin] : cardIn(reader).pins) pin.verified = false;
    }
    int verifyCount(std::uint32_t pin, const std::string& reader) override {
        std::lock_guard<std::mutex> lk(m);
        return cardIn(reader).pins.at(pin).verifyCount;
    }
    int signCount(const std::string& reader) override {
        std::lock_guard<std::mutex> lk(m);
        return cardIn(reader).signCount;
    }
    int triesLeft(std::uint32_t pin, const std::string& reader) override {
        std::lock_guard<std::mutex> lk(m);
        return cardIn(reader).pins.at(pin).tries;
    }
    void setTriesLeft(std::uint32_t pin, int tries, const std::string& reader) override {
        std::lock_guard<std::mutex> lk(m);
        cardIn(reader).pins.at(pin).tries = tries;
    }
    void setProtectedPath(std::uint32_t pin, bool on, const std::string& answer,
                          const std::string& reader) override {
        std::lock_guard<std::mutex> lk(m);
        FakePin& p = cardIn(reader).pins.at(pin);
        p.protectedPath = on;
        p.pinpadAnswer = answer;
    }
    void setContextDialog(std::uint32_t pin, bool on, const std::optional<std::string>& answer,
                          const std::string& reader) override {
        std::lock_guard<std::mutex> lk(m);
        FakePin& p = cardIn(reader).pins.at(pin);
        p.contextDialog = on;
        p.dialogAnswer = answer;
    }
    void setKeysHiddenUntilLogin(bool hidden) override {
        std::lock_guard<std::mutex> lk(m);
        hideKeys = hidden;
    }
    void setAuthenticationOnly(bool only) override {
        std::lock_guard<std::mutex> lk(m);
        authenticationOnly = only;
    }
    int blockedWaits() override {
        std::lock_guard<std::mutex> lk(m);
        return waiting;
    }
    int waitCancels() override {
        std::lock_guard<std::mutex> lk(m);
        return cancels;
    }
    int describeCount() override {
        std::lock_guard<std::mutex> lk(m);
        return describes;
    }
};

World& world() {
    static World* w = [] {
        auto* created = new World();  // lives as long as the process: the card outlives C_Finalize
        created->reset(1, true);
        return created;
    }();
    return *w;
}

std::shared_ptr<FakeCard> World::freshCard() {
    static const std::string dir = IAS_PKCS11_FAKE_DATA;
    static const LoadedKey authRsa = loadKey(dir, "auth-rsa");
    static const LoadedKey signRsa = loadKey(dir, "sign-rsa");
    static const LoadedKey authEc = loadKey(dir, "auth-ec");
    static const Bytes caDer = loadCertificateDer(dir + "/ca.crt.pem");

    auto card = std::make_shared<FakeCard>();
    auto makePin = [](std::string value, int tries, std::size_t minLength, std::size_t maxLength) {
        FakePin p;
        p.value = std::move(value);
        p.tries = p.maxTries = tries;
        p.minLength = minLength;
        p.maxLength = maxLength;
        return p;
    };
    card->pins[kAuthPin] = makePin("1234", 3, 4, 8);
    card->pins[kSignPin] = makePin("123456", 3, 6, 8);
    card->pins[kPuk] = makePin("12345678", 10, 8, 8);
    card->keys = {{1, authRsa.key, kAuthPin, false},
                  {2, signRsa.key, kSignPin, true},
                  {3, authEc.key, kAuthPin, false}};

    using enum HashAlg;
    CardDescription& d = card->description;
    d.manufacturer = "Fake IAS-ECC";
    d.model = "IAS-ECC v2";
    d.serialNumber = "0123456789ABCDEF0042";

    TokenDescription auth;
    auth.role = TokenRole::Authentication;
    auth.label = "Alice Martin (PIN)";
    auth.userPin = kAuthPin;
    auth.soPin = kPuk;
    CertificateInfo authCert;
    authCert.id = {0x01};
    authCert.label = "Authentication";
    authCert.der = authRsa.certificateDer;
    CertificateInfo ecCert;
    ecCert.id = {0x03};
    ecCert.label = "Authentication EC";
    ecCert.der = authEc.certificateDer;
    CertificateInfo caCert;
    caCert.id = {0xCA};
    caCert.label = "Test Root CA";
    caCert.der = caDer;
    caCert.authority = true;
    auth.certificates = {authCert, ecCert, caCert};
    PrivateKeyInfo authKey;
    authKey.id = {0x01};
    authKey.label = "Authentication";
    describePublicKey(authRsa.key.get(), authKey);
    authKey.ref = 1;
    authKey.local = true;  // generated on the card (PrKDF accessFlags local)
    authKey.sign = true;
    authKey.decrypt = true;
    authKey.algorithms.rsaPkcs1Raw = true;
    authKey.algorithms.rsaPkcs1 = {Sha1, Sha224, Sha256, Sha384, Sha512};
    authKey.algorithms.rsaPss = {Sha256, Sha384, Sha512};
    PrivateKeyInfo ecKey;
    ecKey.id = {0x03};
    ecKey.label = "Authentication EC";
    describePublicKey(authEc.key.get(), ecKey);
    ecKey.ref = 3;
    ecKey.local = true;
    ecKey.sign = true;
    ecKey.algorithms.ecdsaRaw = true;
    ecKey.algorithms.ecdsa = {Sha256, Sha384, Sha512};
    auth.privateKeys = {authKey, ecKey};
    PublicKeyInfo ecPub;  // listed by the card; the RSA public key is left for the module to make
    static_cast<ObjectCommon&>(ecPub) = ObjectCommon{ecKey.id, ecKey.label, false};
    describePublicKey(authEc.key.get(), ecPub);
    ecPub.local = true;
    ecPub.verify = true;  // PuKDF usage verify
    auth.publicKeys = {ecPub};

    TokenDescription sig;
    sig.role = TokenRole::Signature;
    sig.label = "Alice Martin (Signature PIN)";
    sig.userPin = kSignPin;
    sig.soPin = kPuk;
    CertificateInfo signCert;
    signCert.id = {0x02};
    signCert.label = "Signature";
    signCert.der = signRsa.certificateDer;
    sig.certificates = {signCert};
    PrivateKeyInfo signKey;
    signKey.id = {0x02};
    signKey.label = "Signature";
    describePublicKey(signRsa.key.get(), signKey);
    signKey.ref = 2;
    signKey.local = false;  // imported (no accessFlags local): CKA_LOCAL false
    signKey.sign = true;
    signKey.alwaysAuthenticate = true;
    signKey.algorithms.rsaPkcs1Raw = true;
    signKey.algorithms.rsaPkcs1 = {Sha256, Sha384, Sha512};
    signKey.algorithms.rsaPss = {Sha256};
    sig.privateKeys = {signKey};

    d.tokens = {auth, sig};
    return card;
}

class FakeConnection : public CardConnection {
public:
    FakeConnection(World& w, std::string reader, std::shared_ptr<FakeCard> card, std::uint64_t insertion)
        : w_(w), reader_(std::move(reader)), card_(std::move(card)), insertion_(insertion) {}

    CardDescription describe() override {
        auto lk = present();
        ++w_.describes;
        CardDescription d = card_->description;
        for (auto& t : d.tokens)
            for (auto& k : t.privateKeys) k.hiddenUntilLogin = w_.hideKeys;
        return d;
    }
    PinInfo pinInfo(PinRef ref) override {
        auto lk = present();
        const FakePin& p = pin(ref);
        PinInfo i;
        i.triesLeft = p.tries;
        i.maxTries = p.maxTries;
        i.minLength = p.minLength;
        i.maxLength = p.maxLength;
        i.digitsOnly = p.digitsOnly;
        i.blocked = p.tries == 0;
        i.protectedPath = p.protectedPath;
        i.contextDialog = p.contextDialog;
        return i;
    }
    void verifyPin(PinRef ref, const SecureBuffer* value) override {
        auto lk = present();
        check(pin(ref), value);
    }
    void logout(PinRef ref) override {
        auto lk = present();
        pin(ref).verified = false;
    }
    void changePin(PinRef ref, const SecureBuffer* oldValue, const SecureBuffer* newValue) override {
        auto lk = present();
        FakePin& p = pin(ref);
        check(p, oldValue);
        if (newValue == nullptr) throw BackendError(BackendErrc::NotSupported, "no PIN-pad change");
        p.value.assign(newValue->data(), newValue->data() + newValue->size());
    }
    void unblockPin(PinRef ref, PinRef pukRef, const SecureBuffer* pukValue,
                    const SecureBuffer* newValue) override {
        auto lk = present();
        FakePin& puk = pin(pukRef);
        // The PUK verified at the SO login still counts; its value is used only when the card forgot it.
        if (!puk.verified) {
            if (pukValue == nullptr) throw BackendError(BackendErrc::NotAuthenticated, "PUK not verified");
            check(puk, pukValue);
        }
        FakePin& p = pin(ref);
        p.tries = p.maxTries;
        p.verified = false;
        if (newValue != nullptr) p.value.assign(newValue->data(), newValue->data() + newValue->size());
    }
    Bytes sign(KeyRef ref, const SignRequest& request) override {
        auto lk = present();
        FakeKey& k = key(ref);
        FakePin& p = pin(k.pin);
        if (!p.verified) throw BackendError(BackendErrc::NotAuthenticated, "security status not satisfied");
        if (k.alwaysAuthenticate) p.verified = false;  // user consent: one signature per VERIFY
        ++card_->signCount;
        return signWith(k.key.get(), request);
    }
    SecureBuffer decrypt(KeyRef ref, ByteView cryptogram) override {
        auto lk = present();
        FakeKey& k = key(ref);
        if (!pin(k.pin).verified)
            throw BackendError(BackendErrc::NotAuthenticated, "security status not satisfied");
        return decryptWith(k.key.get(), cryptogram);
    }

private:
    std::unique_lock<std::mutex> present() {
        std::unique_lock<std::mutex> lk(w_.m);
        FakeReader* r = w_.findReader(reader_);
        if (r == nullptr || r->card != card_ || r->insertion != insertion_)
            throw BackendError(BackendErrc::CardRemoved, "card removed");
        return lk;
    }
    FakePin& pin(PinRef ref) {
        auto it = card_->pins.find(ref);
        if (it == card_->pins.end()) throw BackendError(BackendErrc::Internal, "no such PIN");
        return it->second;
    }
    FakeKey& key(KeyRef ref) {
        for (auto& k : card_->keys)
            if (k.ref == ref) return k;
        throw BackendError(BackendErrc::KeyUnusable, "no such key");
    }
    static void check(FakePin& p, const SecureBuffer* value) {
        std::string given;
        if (value == nullptr && !p.protectedPath && p.contextDialog) {
            if (!p.dialogAnswer) throw BackendError(BackendErrc::PinEntryUnavailable, "no display");
            if (p.dialogAnswer->empty()) throw BackendError(BackendErrc::Cancelled, "dialog cancelled");
            given = *p.dialogAnswer;
        } else if (value == nullptr) {
            if (!p.protectedPath) throw BackendError(BackendErrc::InputInvalid, "no PIN given");
            if (p.pinpadAnswer.empty())
                throw BackendError(BackendErrc::Cancelled, "cancelled on the PIN-pad");
            given = p.pinpadAnswer;
        } else {
            given.assign(value->data(), value->data() + value->size());
        }
        if (p.tries == 0) throw BackendError(BackendErrc::PinBlocked, "blocked");
        ++p.verifyCount;
        if (given != p.value) {
            p.verified = false;
            --p.tries;
            if (p.tries == 0) throw BackendError(BackendErrc::PinBlocked, "blocked");
            throw BackendError(BackendErrc::PinIncorrect, "wrong PIN", p.tries);
        }
        p.tries = p.maxTries;
        p.verified = true;
    }

    World& w_;
    std::string reader_;
    std::shared_ptr<FakeCard> card_;
    std::uint64_t insertion_;
};

class FakeBackend : public TokenBackend {
public:
    explicit FakeBackend(World& w) : w_(w) {
        std::lock_guard<std::mutex> lk(w_.m);
        seen_ = w_.changes;
        authenticationOnly_ = w_.authenticationOnly;
    }
    bool offers(TokenRole role) const override {
        return !authenticationOnly_ || role == TokenRole::Authentication;
    }
    std::vector<ReaderStatus> readers() override {
        std::lock_guard<std::mutex> lk(w_.m);
        std::vector<ReaderStatus> out;
        for (const auto& r : w_.readers) out.push_back(ReaderStatus{r.name, r.card != nullptr, r.insertion});
        return out;
    }
    bool waitForChange(std::chrono::milliseconds timeout) override {
        std::unique_lock<std::mutex> lk(w_.m);
        ++w_.waiting;
        bool changed = w_.changed.wait_for(lk, timeout, [&] { return cancelled_ || w_.changes != seen_; });
        --w_.waiting;
        seen_ = w_.changes;
        return changed && !cancelled_;
    }
    void cancelWait() override {
        std::lock_guard<std::mutex> lk(w_.m);
        ++w_.cancels;
        cancelled_ = true;
        w_.changed.notify_all();
    }
    std::unique_ptr<CardConnection> connect(const std::string& name) override {
        std::lock_guard<std::mutex> lk(w_.m);
        FakeReader* r = w_.findReader(name);
        if (r == nullptr || !r->card) throw BackendError(BackendErrc::NoCard, "no card");
        return std::make_unique<FakeConnection>(w_, name, r->card, r->insertion);
    }

private:
    World& w_;
    std::uint64_t seen_ = 0;
    bool cancelled_ = false;
    bool authenticationOnly_ = false;
};

}  // namespace
}  // namespace ias::p11::fake

namespace ias::p11 {
std::unique_ptr<TokenBackend> makeTokenBackend() {
    return std::make_unique<fake::FakeBackend>(fake::world());
}
}  // namespace ias::p11

extern "C" __attribute__((visibility("default"))) ias::p11::fake::FakeControl* ias_pkcs11_fake_control() {
    return &ias::p11::fake::world();
}
