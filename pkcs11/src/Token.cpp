#include "Token.h"

#include <algorithm>

#include "Mechanisms.h"
#include "X509Fields.h"

namespace ias::p11 {
namespace {

Bytes subjectForId(const TokenDescription& d, const Bytes& id) {
    for (const auto& c : d.certificates)
        if (c.id == id) return parseX509Fields(c.der).subject;
    return {};
}

CK_FLAGS pinFlags(const PinInfo& pin, CK_FLAGS countLow, CK_FLAGS finalTry, CK_FLAGS locked) {
    CK_FLAGS f = 0;
    if (pin.blocked || pin.triesLeft == 0) return locked;
    if (pin.triesLeft == 1) f |= finalTry;
    // COUNT_LOW: a wrong PIN was entered since the last success (the counter is below its maximum).
    if (pin.triesLeft > 0 && pin.maxTries > 0 && pin.triesLeft < pin.maxTries) f |= countLow;
    return f;
}

}  // namespace

Token::Token(TokenDescription description, std::atomic<CK_OBJECT_HANDLE>& nextHandle)
    : description_(std::move(description)) {
    const bool protectedPath = false;  // the refusal rule is re-checked with the live PIN state at C_SignInit
    for (const auto& c : description_.certificates) {
        addObject(CKO_CERTIFICATE, c.hiddenUntilLogin, buildAttributes(certificateAttributeTable(), c, {}),
                  std::nullopt, nextHandle);
    }
    for (std::size_t i = 0; i < description_.privateKeys.size(); ++i) {
        const auto& k = description_.privateKeys[i];
        ObjectContext ctx{subjectForId(description_, k.id), keyMechanisms(k, protectedPath)};
        addObject(CKO_PRIVATE_KEY, k.hiddenUntilLogin, buildAttributes(privateKeyAttributeTable(), k, ctx), i,
                  nextHandle);
    }
    for (const auto& p : description_.publicKeys) {
        ObjectContext ctx{subjectForId(description_, p.id), {}};
        addObject(CKO_PUBLIC_KEY, p.hiddenUntilLogin, buildAttributes(publicKeyAttributeTable(), p, ctx),
                  std::nullopt, nextHandle);
    }
    // A private key without a public key gets one made from its public parts (NSS and pkcs11-tool look for
    // it).
    for (const auto& k : description_.privateKeys) {
        bool listed = std::any_of(description_.publicKeys.begin(), description_.publicKeys.end(),
                                  [&](const PublicKeyInfo& p) { return p.id == k.id; });
        if (listed) continue;
        PublicKeyInfo p = static_cast<const PublicKeyInfo&>(k);
        p.hiddenUntilLogin = false;
        p.encrypt = k.decrypt && k.kind == KeyKind::Rsa;
        p.verify = k.sign;
        ObjectContext ctx{subjectForId(description_, p.id), {}};
        addObject(CKO_PUBLIC_KEY, false, buildAttributes(publicKeyAttributeTable(), p, ctx), std::nullopt,
                  nextHandle);
    }
}

void Token::addObject(CK_OBJECT_CLASS cls, bool hidden, Attributes attributes,
                      std::optional<std::size_t> keyIndex, std::atomic<CK_OBJECT_HANDLE>& nextHandle) {
    P11Object o;
    o.handle = nextHandle.fetch_add(1);
    o.objectClass = cls;
    o.hiddenUntilLogin = hidden;
    o.privateKeyIndex = keyIndex;
    o.attributes = std::move(attributes);
    objects_.push_back(std::move(o));
}

bool Token::isVisible(const P11Object& object) const {
    return !object.hiddenUntilLogin || login == LoginState::User;
}

const P11Object* Token::findVisible(CK_OBJECT_HANDLE handle) const {
    for (const auto& o : objects_)
        if (o.handle == handle) return isVisible(o) ? &o : nullptr;
    return nullptr;
}

const PrivateKeyInfo& Token::privateKey(const P11Object& object) const {
    return description_.privateKeys.at(object.privateKeyIndex.value());
}

void Token::refreshPins(CardConnection& card) {
    userPin = card.pinInfo(description_.userPin);
    if (description_.soPin) soPin = card.pinInfo(*description_.soPin);
}

void Token::readCounters(CardConnection& card) {
    countersRead = true;
    userPin = card.pinCounters(description_.userPin);
    if (description_.soPin) soPin = card.pinCounters(*description_.soPin);
}

void Token::takeCounters(const Token& other) {
    const auto take = [](PinInfo& to, const PinInfo& from) {
        to.triesLeft = from.triesLeft;
        to.maxTries = from.maxTries;
        to.blocked = from.blocked;
    };
    countersRead = other.countersRead;
    take(userPin, other.userPin);
    if (soPin && other.soPin) take(*soPin, *other.soPin);
}

void Token::forgetCounters() {
    const auto forget = [](PinInfo& pin) {
        pin.triesLeft = -1;
        pin.maxTries = -1;
        pin.blocked = false;
    };
    countersRead = false;
    forget(userPin);
    if (soPin) forget(*soPin);
}

std::vector<CK_MECHANISM_TYPE> Token::mechanisms() const {
    std::vector<CK_MECHANISM_TYPE> out;
    for (const auto& m : allMechanisms()) {
        bool any = std::any_of(
            description_.privateKeys.begin(), description_.privateKeys.end(),
            [&](const PrivateKeyInfo& k) { return keyAcceptsMechanism(k, m, userPin.protectedPath); });
        if (any) out.push_back(m.type);
    }
    return out;
}

CK_FLAGS Token::flags() const {
    CK_FLAGS f = CKF_TOKEN_INITIALIZED | CKF_LOGIN_REQUIRED;
    if (userPin.initialized) f |= CKF_USER_PIN_INITIALIZED;
    if (userPin.protectedPath) f |= CKF_PROTECTED_AUTHENTICATION_PATH;
    f |= pinFlags(userPin, CKF_USER_PIN_COUNT_LOW, CKF_USER_PIN_FINAL_TRY, CKF_USER_PIN_LOCKED);
    if (soPin) f |= pinFlags(*soPin, CKF_SO_PIN_COUNT_LOW, CKF_SO_PIN_FINAL_TRY, CKF_SO_PIN_LOCKED);
    return f;
}

}  // namespace ias::p11
