#include "CardReport.h"

#include "Attention.h"
#include "CertificateFiles.h"
#include "KeyUses.h"
#include "PageNames.h"

namespace ias::cardview {
namespace {

using nlohmann::json;

json optionalNumber(const std::optional<int>& n) {
    return n ? json(*n) : json();
}

json usageNames(std::uint32_t usage) {
    using namespace api::key_usage;
    static const std::pair<std::uint32_t, const char*> names[] = {
        {kEncrypt, "encrypt"}, {kDecrypt, "decrypt"},
        {kSign, "sign"},       {kSignRecover, "signRecover"},
        {kWrap, "wrap"},       {kUnwrap, "unwrap"},
        {kVerify, "verify"},   {kVerifyRecover, "verifyRecover"},
        {kDerive, "derive"},   {kNonRepudiation, "nonRepudiation"}};
    json out = json::array();
    for (const auto& [bit, name] : names)
        if (usage & bit) out.push_back(name);
    return out;
}

json card(const CardPage& p) {
    json c{{"atr", toHex(p.atr)}};
    if (p.identity) {
        const api::CardIdentity& id = *p.identity;
        c["serial"] = toHex(id.serial);
        const Bytes& pre = id.preIssuing;
        c["iasEccVersion"] = pre.size() >= 4
                                 ? json(std::to_string(pre[3] >> 4) + "." + std::to_string(pre[3] & 0x0F))
                                 : json();
        c["preIssuingData"] = toHex(pre);
    }
    if (p.application) {
        c["application"] = {{"aid", toHex(p.application->aid)},
                            {"label", p.application->label},
                            {"tokenLabel", p.application->tokenInfo.label}};
    }
    return c;
}

json pins(const CardPage& p) {
    json out = json::array();
    for (const PinView& pin : p.pins) {
        json j{{"authId", toHex(pin.info.authId)},
               {"label", pin.info.label},
               {"role", roleName(pin.info.role)},
               {"reference", pin.info.reference}};
        if (pin.status) {
            j["triesLeft"] = pin.status->blocked ? json(0) : optionalNumber(pin.status->triesLeft);
            j["maxTries"] = optionalNumber(pin.status->maxTries);
            j["blocked"] = pin.status->blocked;
            j["verified"] = pin.status->verified;
        } else {
            j["error"] = pin.error;
        }
        out.push_back(j);
    }
    return out;
}

json keys(const CardPage& p) {
    json out = json::array();
    if (!p.application) return out;
    for (const api::KeyInfo& k : p.application->keys) {
        json mechanisms = json::array();
        for (api::SignMechanism m : k.signMechanisms) mechanisms.push_back(api::toString(m));
        if (k.canDecipher) mechanisms.push_back("RSA PKCS#1 v1.5 decipher");
        out.push_back({{"id", toHex(k.id)},
                       {"label", k.label},
                       {"type", k.type == api::KeyType::Ec ? "EC" : "RSA"},
                       {"bits", k.bits},
                       {"usage", usageNames(k.usage)},
                       {"pin", toHex(k.pinAuthId)},
                       {"pinForEveryUse", k.alwaysAuthenticate},
                       {"qualified", k.qualified()},
                       {"certificate", k.hasCertificate ? json(toHex(k.id)) : json()},
                       {"mechanisms", mechanisms},
                       {"uses", keyUseNames(keyUses(*p.application, k))}});
    }
    return out;
}

json certificates(const CardPage& p) {
    json out = json::array();
    for (const CertificateView& c : p.certificates) {
        json j{{"id", toHex(c.info.id)},
               {"label", c.info.label},
               {"authority", c.info.authority},
               {"state", certificateStateName(certificateState(c))}};
        if (c.facts) {
            j["subject"] = c.facts->subject;
            j["issuer"] = c.facts->issuer;
            j["serial"] = c.facts->serial;
            j["notBefore"] = c.facts->notBefore;
            j["notAfter"] = c.facts->notAfter;
            j["daysLeft"] = optionalNumber(c.facts->daysLeft);
            j["keyUsage"] = c.facts->keyUsage;
            j["extendedKeyUsage"] = c.facts->extendedKeyUsage;
            j["sha256"] = fingerprint(c.der, "SHA256");
            j["sha1"] = fingerprint(c.der, "SHA1");
        }
        if (!c.error.empty()) j["error"] = c.error;
        out.push_back(j);
    }
    return out;
}

json attention(const CardPage& p) {
    json out = json::array();
    for (const AttentionItem& a : attentionItems(p)) {
        out.push_back({{"kind", attentionName(a.kind)}, {"id", toHex(a.id)}, {"label", a.label}});
    }
    return out;
}

}  // namespace

nlohmann::json cardReport(const CardPage& page) {
    json report{
        {"version", kCardReportVersion}, {"reader", page.reader}, {"state", presenceName(page.presence)}};
    if (page.presence == Presence::Unknown) report["why"] = page.unknownWhy;
    if (page.presence != Presence::Ready) return report;
    report["card"] = card(page);
    report["pins"] = pins(page);
    report["keys"] = keys(page);
    report["certificates"] = certificates(page);
    report["attention"] = attention(page);
    return report;
}

}  // namespace ias::cardview
