#include "HostileFlows.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>

#include "AppReturnCodes.h"
#include "Cryptoki.h"
#include "ModuleLog.h"
#include "ModuleWorld.h"
#include "SignatureCheck.h"
#include "ias/api/ContentCache.h"
#include "vcard/VirtualCard.h"

namespace ias::hostile {
namespace {

using fuzz::Fn;
using fuzz::hexRv;
using fuzz::ModuleWorld;

std::vector<std::string> g_log;

void collect(std::string_view line) noexcept {
    try {
        g_log.emplace_back(line);
    } catch (...) {
    }
}

// What a card fault may be told as: the function's own list (AppReturnCodes.h) narrowed to codes that
// name the card, the token, the PIN the card judged (a card that refuses a new PIN's format: invalid), or
// the data the card refused.
bool namesACardFault(CK_RV rv) {
    static const std::set<CK_RV> codes{CKR_DEVICE_ERROR,       CKR_DEVICE_MEMORY,
                                       CKR_DEVICE_REMOVED,     CKR_FUNCTION_FAILED,
                                       CKR_TOKEN_NOT_PRESENT,  CKR_TOKEN_NOT_RECOGNIZED,
                                       CKR_PIN_INCORRECT,      CKR_PIN_LOCKED,
                                       CKR_USER_NOT_LOGGED_IN, CKR_USER_PIN_NOT_INITIALIZED,
                                       CKR_DATA_INVALID,       CKR_ENCRYPTED_DATA_INVALID,
                                       CKR_PIN_INVALID,        CKR_KEY_FUNCTION_NOT_PERMITTED,
                                       CKR_SESSION_CLOSED,     CKR_SESSION_HANDLE_INVALID};
    return codes.count(rv) != 0;
}

// One run of Cryptoki calls. Each call goes through ok(): a failure ends the flow (as it ends the browser's
// operation), after its code and the log were checked.
class Run {
public:
    Run(RunResult& result, std::string prefix)
        : r_(result), prefix_(std::move(prefix)), f_(ModuleWorld::functions()) {}

    ~Run() {
        if (initialised_) {
            const CK_RV rv = f_->C_Finalize(nullptr);
            if (rv != CKR_OK) violation("C_Finalize answered " + hexRv(rv));
        }
    }

    void flow(Flow flow) {
        if (!ok(Fn::Initialize, f_->C_Initialize(nullptr))) return;
        initialised_ = true;
        if (flow == Flow::Start) return listEverything();
        const ModuleWorld& world = ModuleWorld::instance();
        const Bytes message = signedMessage();
        switch (flow) {
            case Flow::TlsRsa: {
                CK_MECHANISM m{CKM_RSA_PKCS, nullptr, 0};
                return sign("auth", "1234", m, testsupport::sha256DigestInfo(message), false, "pkcs1");
            }
            case Flow::TlsPss: {
                CK_RSA_PKCS_PSS_PARAMS pss{CKM_SHA256, CKG_MGF1_SHA256, 32};
                CK_MECHANISM m{CKM_SHA256_RSA_PKCS_PSS, &pss, sizeof pss};
                return sign("auth", "1234", m, message, true, "pss");
            }
            case Flow::TlsEcdsa: {
                CK_MECHANISM m{CKM_ECDSA, nullptr, 0};
                return sign("auth-ec", "1234", m, testsupport::digest(EVP_sha256(), message), false, "ecdsa");
            }
            case Flow::MailSign: {  // NSS hashes and hands the DigestInfo to CKM_RSA_PKCS
                CK_MECHANISM m{CKM_RSA_PKCS, nullptr, 0};
                return sign("sign", "123456", m, testsupport::sha256DigestInfo(message), false, "pkcs1");
            }
            case Flow::MailDecrypt:
                return decrypt(world.authCryptogram);
            case Flow::PinChange:
                return changePin();
            default:
                return;
        }
    }

    bool pinChanged() const { return pinChanged_; }

    // After a PIN change the card holds the old PIN or the new one, never neither; and the new one when
    // C_SetPIN said so. Asked by logging in (one wrong try at most, on a card with three).
    void checkPinState(bool changeReported) {
        if (!ok(Fn::Initialize, f_->C_Initialize(nullptr))) return;
        initialised_ = true;
        CK_SESSION_HANDLE s = 0;
        Bytes id;
        if (!sessionShowing("auth", CKF_SERIAL_SESSION, s, id)) return;
        auto login = [&](const char* pin) { return f_->C_Login(s, CKU_USER, utf8(pin), std::strlen(pin)); };
        if (login(kNewPin) == CKR_OK) return;
        const CK_RV old = login(kOldPin);
        if (old != CKR_OK)
            violation("after C_SetPIN neither the old nor the new PIN logs in (the old one: " + hexRv(old) +
                      ")");
        else if (changeReported)
            violation("C_SetPIN answered CKR_OK, but the card kept the old PIN");
    }

private:
    static constexpr const char* kOldPin = "1234";
    static constexpr const char* kNewPin = "4321";

    // A PIN as C_Login and C_SetPIN take it (they never write to it).
    static CK_UTF8CHAR* utf8(const char* text) {
        return reinterpret_cast<CK_UTF8CHAR*>(const_cast<char*>(text));
    }

    static Bytes signedMessage() {
        static const std::string text = "a hostile card must not make a wrong signature look right";
        return Bytes(text.begin(), text.end());
    }

    void violation(const std::string& what) { r_.violations.push_back(prefix_ + what); }

    bool ok(Fn fn, CK_RV rv) {
        const fuzz::FnRule& rule = fuzz::rule(fn);
        r_.calls.push_back(prefix_ + rule.name + "=" + hexRv(rv));
        if (rv == CKR_OK) return true;
        if (r_.failure.empty()) r_.failure = prefix_ + rule.name + " " + hexRv(rv);
        if (!fuzz::allowed(fn, rv) || !namesACardFault(rv))
            violation(std::string(rule.name) + " answered " + hexRv(rv) +
                      ", not a code PKCS #11 3.0 gives this function for a card fault");
        if (g_log.size() == logAtStart_)
            violation(std::string(rule.name) + " answered " + hexRv(rv) + " and the module logged nothing");
        return false;
    }

    // As NSS asks: the count, then the list, again with the new count when a token came between the two.
    bool slots(std::vector<CK_SLOT_ID>& out) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            CK_ULONG n = 0;
            if (!ok(Fn::GetSlotList, f_->C_GetSlotList(CK_TRUE, nullptr, &n))) return false;
            out.resize(n);
            if (n == 0) return true;  // no token now (a NULL list would be another length query)
            const CK_RV rv = f_->C_GetSlotList(CK_TRUE, out.data(), &n);
            if (rv == CKR_BUFFER_TOO_SMALL) continue;
            if (!ok(Fn::GetSlotList, rv)) return false;
            out.resize(n);
            return true;
        }
        violation("C_GetSlotList answered CKR_BUFFER_TOO_SMALL three times in a row");
        return false;
    }

    bool find(CK_SESSION_HANDLE s, std::vector<CK_ATTRIBUTE> query, std::vector<CK_OBJECT_HANDLE>& out) {
        out.clear();
        if (!ok(Fn::FindObjectsInit, f_->C_FindObjectsInit(s, query.data(), query.size()))) return false;
        CK_OBJECT_HANDLE batch[8];
        CK_ULONG n = 0;
        do {
            if (!ok(Fn::FindObjects, f_->C_FindObjects(s, batch, 8, &n))) return false;
            out.insert(out.end(), batch, batch + n);
        } while (n == 8);
        return ok(Fn::FindObjectsFinal, f_->C_FindObjectsFinal(s));
    }

    bool attribute(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o, CK_ATTRIBUTE_TYPE type, Bytes& value) {
        CK_ATTRIBUTE a{type, nullptr, 0};
        if (!ok(Fn::GetAttributeValue, f_->C_GetAttributeValue(s, o, &a, 1))) return false;
        value.assign(a.ulValueLen, 0);
        a.pValue = value.data();
        return ok(Fn::GetAttributeValue, f_->C_GetAttributeValue(s, o, &a, 1));
    }

    // Firefox's start: every token's information and mechanisms, and every certificate and key, with their
    // values.
    void listEverything() {
        std::vector<CK_SLOT_ID> ids;
        if (!slots(ids)) return;
        std::set<Bytes> seen;
        for (CK_SLOT_ID id : ids) {
            CK_SLOT_INFO slot;
            CK_TOKEN_INFO token;
            CK_SESSION_HANDLE s = 0;
            CK_ULONG mechanisms = 0;
            if (!ok(Fn::GetSlotInfo, f_->C_GetSlotInfo(id, &slot)) ||
                !ok(Fn::GetTokenInfo, f_->C_GetTokenInfo(id, &token)) ||
                !ok(Fn::GetMechanismList, f_->C_GetMechanismList(id, nullptr, &mechanisms)))
                return;
            std::vector<CK_MECHANISM_TYPE> list(mechanisms);
            if (!ok(Fn::GetMechanismList, f_->C_GetMechanismList(id, list.data(), &mechanisms)) ||
                !ok(Fn::OpenSession, f_->C_OpenSession(id, CKF_SERIAL_SESSION, nullptr, nullptr, &s)))
                return;
            for (CK_OBJECT_CLASS cls : {CKO_CERTIFICATE, CKO_PRIVATE_KEY, CKO_PUBLIC_KEY}) {
                std::vector<CK_OBJECT_HANDLE> objects;
                if (!find(s, {{CKA_CLASS, &cls, sizeof cls}}, objects)) return;
                for (CK_OBJECT_HANDLE o : objects) {
                    Bytes id, value;
                    if (!attribute(s, o, CKA_ID, id)) return;
                    if (cls != CKO_CERTIFICATE) continue;
                    if (!attribute(s, o, CKA_VALUE, value)) return;
                    seen.insert(value);
                    if (!isKnownCertificate(value))
                        violation("a certificate came back with CKR_OK that is not the card's (" +
                                  std::to_string(value.size()) + " bytes)");
                }
            }
        }
        // With both tokens shown, every holder certificate must be there. A token not shown is no wrong
        // answer: a card the module cannot read at that moment shows no token (and the log says why).
        if (ids.size() < 2) return tokensNotShown(ids.size());
        for (const char* holder : {"auth", "auth-ec", "sign"})
            if (seen.count(ModuleWorld::instance().certificates.at(holder)) == 0)
                violation(std::string("every call answered CKR_OK, but the holder's certificate '") + holder +
                          "' is missing");
    }

    static bool isKnownCertificate(const Bytes& der) {
        for (const auto& [name, known] : ModuleWorld::instance().certificates)
            if (known == der) return true;
        return false;
    }

    // C_GetSlotList showed fewer than the card's two tokens, with CKR_OK. Right for a card the module could
    // not read at that moment (the flow ends there, as the browser's would), if the module said why in its
    // log; never for the faithful runs around the hostile one.
    void tokensNotShown(std::size_t shown) {
        if (r_.failure.empty())
            r_.failure = prefix_ + "C_GetSlotList showed " + std::to_string(shown) + " tokens";
        if (!prefix_.empty())
            violation("a faithful card shows " + std::to_string(shown) + " of its 2 tokens");
        else if (g_log.size() == logAtStart_)
            violation("C_GetSlotList showed " + std::to_string(shown) +
                      " of the 2 tokens and the module logged nothing");
    }

    // A session on the token that shows `certificate` (as NSS finds a certificate's token), and the
    // certificate's CKA_ID.
    bool sessionShowing(const char* certificate, CK_FLAGS flags, CK_SESSION_HANDLE& session, Bytes& id) {
        std::vector<CK_SLOT_ID> ids;
        if (!slots(ids)) return false;
        if (ids.size() < 2) {
            tokensNotShown(ids.size());
            return false;
        }
        Bytes der = ModuleWorld::instance().certificates.at(certificate);
        CK_OBJECT_CLASS certClass = CKO_CERTIFICATE;
        for (CK_SLOT_ID slot : ids) {
            if (!ok(Fn::OpenSession, f_->C_OpenSession(slot, flags, nullptr, nullptr, &session)))
                return false;
            std::vector<CK_OBJECT_HANDLE> found;
            if (!find(session,
                      {{CKA_CLASS, &certClass, sizeof certClass}, {CKA_VALUE, der.data(), der.size()}},
                      found))
                return false;
            if (!found.empty()) return attribute(session, found.front(), CKA_ID, id);
        }
        violation("every call answered CKR_OK, but no token shows the certificate '" +
                  std::string(certificate) + "'");
        return false;
    }

    // The session and private key on the token that shows `certificate`, logged in with `pin`.
    bool keyFor(const char* certificate, const char* pin, CK_SESSION_HANDLE& session, CK_OBJECT_HANDLE& key) {
        Bytes keyId;
        if (!sessionShowing(certificate, CKF_SERIAL_SESSION, session, keyId)) return false;
        if (!ok(Fn::Login, f_->C_Login(session, CKU_USER, utf8(pin), std::strlen(pin)))) return false;
        CK_OBJECT_CLASS keyClass = CKO_PRIVATE_KEY;
        std::vector<CK_OBJECT_HANDLE> found;
        if (!find(session, {{CKA_CLASS, &keyClass, sizeof keyClass}, {CKA_ID, keyId.data(), keyId.size()}},
                  found))
            return false;
        if (found.size() == 1) {
            key = found.front();
            return true;
        }
        violation("every call answered CKR_OK, but the key of '" + std::string(certificate) + "' is missing");
        return false;
    }

    // Firefox's "Change Password" on the authentication token: C_SetPIN from kOldPin to kNewPin.
    void changePin() {
        CK_SESSION_HANDLE s = 0;
        Bytes id;
        if (!sessionShowing("auth", CKF_SERIAL_SESSION | CKF_RW_SESSION, s, id)) return;
        pinChanged_ = ok(Fn::SetPIN, f_->C_SetPIN(s, utf8(kOldPin), std::strlen(kOldPin), utf8(kNewPin),
                                                  std::strlen(kNewPin)));
    }

    // Signs `input` (the message, its hash or its DigestInfo, as the mechanism takes it) and has OpenSSL
    // verify the signature over the message under the certificate's key (`scheme`: SignatureCheck.h).
    void sign(const char* certificate, const char* pin, CK_MECHANISM mechanism, const Bytes& input,
              bool inParts, const char* scheme) {
        CK_SESSION_HANDLE s = 0;
        CK_OBJECT_HANDLE key = 0;
        if (!keyFor(certificate, pin, s, key)) return;
        if (!ok(Fn::SignInit, f_->C_SignInit(s, &mechanism, key))) return;
        Bytes in = input;
        if (std::strcmp(certificate, "sign") == 0) {  // CKA_ALWAYS_AUTHENTICATE: the context login
            if (!ok(Fn::Login, f_->C_Login(s, CKU_CONTEXT_SPECIFIC, utf8(pin), std::strlen(pin)))) return;
        }
        CK_ULONG len = 0;
        Bytes signature;
        if (inParts) {
            const std::size_t half = in.size() / 2;
            if (!ok(Fn::SignUpdate, f_->C_SignUpdate(s, in.data(), half)) ||
                !ok(Fn::SignUpdate, f_->C_SignUpdate(s, in.data() + half, in.size() - half)) ||
                !ok(Fn::SignFinal, f_->C_SignFinal(s, nullptr, &len)))
                return;
            signature.resize(len);
            if (!ok(Fn::SignFinal, f_->C_SignFinal(s, signature.data(), &len))) return;
        } else {
            if (!ok(Fn::Sign, f_->C_Sign(s, in.data(), in.size(), nullptr, &len))) return;
            signature.resize(len);
            if (!ok(Fn::Sign, f_->C_Sign(s, in.data(), in.size(), signature.data(), &len))) return;
        }
        signature.resize(len);
        const testsupport::Pkey publicKey =
            testsupport::publicKeyOfCertificate(ModuleWorld::instance().certificates.at(certificate));
        if (!testsupport::verifySignature(publicKey.get(), scheme, EVP_sha256(), signedMessage(), signature))
            violation("C_Sign answered CKR_OK with a signature OpenSSL does not verify (" +
                      std::to_string(signature.size()) + " bytes)");
    }

    void decrypt(const Bytes& cryptogram) {
        CK_SESSION_HANDLE s = 0;
        CK_OBJECT_HANDLE key = 0;
        if (!keyFor("auth", "1234", s, key)) return;
        CK_MECHANISM m{CKM_RSA_PKCS, nullptr, 0};
        if (!ok(Fn::DecryptInit, f_->C_DecryptInit(s, &m, key))) return;
        Bytes in = cryptogram, out;
        CK_ULONG len = 0;
        if (!ok(Fn::Decrypt, f_->C_Decrypt(s, in.data(), in.size(), nullptr, &len))) return;
        out.resize(len);
        if (!ok(Fn::Decrypt, f_->C_Decrypt(s, in.data(), in.size(), out.data(), &len))) return;
        out.resize(len);
        if (std::string(out.begin(), out.end()) != ModuleWorld::kCryptogramMessage)
            violation("C_Decrypt answered CKR_OK with data that is not the message (" + std::to_string(len) +
                      " bytes)");
    }

    RunResult& r_;
    std::string prefix_;
    CK_FUNCTION_LIST_3_0* f_;
    bool initialised_ = false;
    std::size_t logAtStart_ = g_log.size();
    bool pinChanged_ = false;
};

// The one answer no middleware can check: a PSO DECIPHER plaintext (00 2A 80 86) cut short or changed under a
// success status word. Only that violation is taken out, and only when such an answer was broken.
void exemptUndetectable(RunResult& r, const std::vector<HostileCard::Broken>& broken) {
    const bool plaintextChanged = std::any_of(broken.begin(), broken.end(), [](const HostileCard::Broken& b) {
        const bool shortens = b.fault == Fault::DataHalved || b.fault == Fault::SwSuccessNoData ||
                              b.fault == Fault::SwWarning || b.fault == Fault::PlainDataFlipped;
        return shortens && toHex(view(b.header)).substr(2) == "2A8086";
    });
    if (!plaintextChanged) return;
    const auto wrong = std::find_if(r.violations.begin(), r.violations.end(), [](const std::string& v) {
        return v.rfind("C_Decrypt answered CKR_OK with data that is not the message", 0) == 0;
    });
    if (wrong == r.violations.end()) return;
    r.violations.erase(wrong);
    r.undetectable = true;
}

}  // namespace

std::string flowName(Flow flow) {
    static const char* const names[] = {"start",     "tls-rsa",      "tls13-pss", "tls-ecdsa",
                                        "mail-sign", "mail-decrypt", "pin-change"};
    const auto i = static_cast<std::size_t>(flow);
    return i < std::size(names) ? names[i] : "flow-" + std::to_string(i);
}

RunResult runFlow(Flow flow, std::optional<Fault> fault, std::size_t at, bool checkAfter) {
    std::vector<PlannedFault> plan;
    if (fault) plan.push_back({at, *fault});
    return runFlow(flow, plan, checkAfter);
}

RunResult runFlow(Flow flow, const std::vector<PlannedFault>& faults, bool checkAfter) {
    ModuleWorld& world = ModuleWorld::instance();
    world.freshCard();
    world.cache = std::make_shared<api::ContentCache>();
    HostileCard hostile(world.card());
    world.endpoint = &hostile;
    g_log.clear();
    p11::setLogSink(collect);
    RunResult result;
    // Every flow but the start meets a warm cache, as in a browser that listed the card at its start.
    hostile.plan({});
    if (flow != Flow::Start) Run(result, "warm-up: ").flow(Flow::Start);
    hostile.plan(faults);
    bool pinChanged = false;
    {
        Run run(result, "");
        run.flow(flow);
        pinChanged = run.pinChanged();
    }
    result.commands = hostile.commands();
    result.applied = hostile.applied();
    result.command = toHex(view(hostile.plannedHeader()));
    exemptUndetectable(result, hostile.broken());
    // A card that went away shows no token: nothing missing there is a fault of the module.
    if (hostile.gone())
        std::erase_if(result.violations, [](const std::string& v) {
            return v.rfind("every call answered CKR_OK, but", 0) == 0;
        });
    if (hostile.hung())
        result.violations.push_back("the module kept asking the card: more than " +
                                    std::to_string(HostileCard::kHangGuard) + " commands in one flow");
    if (checkAfter) {
        hostile.plan({});
        Run(result, "after: ").flow(Flow::Start);
        if (flow == Flow::PinChange)
            Run(result, "after: ").checkPinState(pinChanged);
        else
            Run(result, "after: ").flow(Flow::TlsRsa);
    }
    result.logLines = g_log.size();
    p11::setLogSink(nullptr);
    world.endpoint = nullptr;
    return result;
}

const std::vector<std::string>& lastLog() {
    return g_log;
}

}  // namespace ias::hostile
