// list: the PINs with their tries left, the keys with what they can do, the certificates with their
// subjects. One line per object, identifiers in hex as the other commands take them. --json: the card
// browser's page as JSON (tools/card-view's report, the window's "Save report…").
#include <iostream>
#include <sstream>

#include "CardPageRead.h"
#include "CardReport.h"
#include "Commands.h"
#include "ExitCode.h"
#include "Mechanisms.h"
#include "Session.h"
#include "ias/api/Certificate.h"
#include "ias/api/Pkcs15Error.h"

namespace ias::tool {
namespace {

std::string pinState(api::Card& card, const api::PinInfo& pin) {
    try {
        const api::PinStatus s = card.pinStatus(pin.authId);
        if (s.blocked) return "blocked";
        if (s.verified) return "verified";
        std::string out;
        if (s.triesLeft) out = std::to_string(*s.triesLeft);
        if (s.triesLeft && s.maxTries) out += " of " + std::to_string(*s.maxTries);
        return out.empty() ? "tries left unknown" : out + (s.triesLeft == 1 ? " try left" : " tries left");
    } catch (const CardError& e) {
        return std::string("state unknown: ") + e.what();
    } catch (const api::ApiError& e) {
        return std::string("state unknown: ") + e.what();
    }
}

std::string usageText(std::uint32_t usage) {
    using namespace api::key_usage;
    std::string out;
    const std::pair<std::uint32_t, const char*> names[] = {
        {kSign, "sign"},       {kNonRepudiation, "nonRepudiation"},
        {kDecrypt, "decrypt"}, {kSignRecover, "signRecover"},
        {kUnwrap, "unwrap"},   {kDerive, "derive"}};
    for (const auto& [bit, name] : names)
        if (usage & bit) out += (out.empty() ? "" : ",") + std::string(name);
    return out.empty() ? "none" : out;
}

}  // namespace

int runList(const Args& args) {
    args.allowOnly({"json"});
    Session session(args);
    if (args.flag("json")) {
        // The card browser's page, read by the same code, as its "Save report…" writes it.
        const cardview::CardPage page = cardview::readCardPage(session.transport(), session.reader());
        std::cout << cardview::cardReport(page).dump(2) << "\n";
        return page.presence == cardview::Presence::Ready ? 0 : static_cast<int>(Exit::CardError);
    }
    api::Card& card = session.card();
    const api::Application& app = card.application();
    for (const api::PinInfo& pin : app.pins) {
        std::cout << "pin " << toHex(pin.authId) << " \"" << pin.label << "\": " << api::toString(pin.role)
                  << ", reference " << toHex(ByteView(&pin.reference, 1))
                  << (pin.local ? " (local)" : " (global)");
        if (pin.minLength || pin.maxLength)
            std::cout << ", length " << pin.minLength << ".." << pin.maxLength;
        if (!pin.unblockedBy.empty()) std::cout << ", unblocked by " << toHex(pin.unblockedBy);
        std::cout << ", " << pinState(card, pin) << "\n";
    }
    for (const api::KeyInfo& key : app.keys) {
        std::cout << "key " << toHex(key.id) << " \"" << key.label
                  << "\": " << (key.type == api::KeyType::Rsa ? "RSA-" : "EC-") << key.bits << ", SDO "
                  << toHex(ByteView(&key.keyReference, 1)) << ", usage " << usageText(key.usage);
        if (!key.pinAuthId.empty())
            std::cout << ", PIN " << toHex(key.pinAuthId) << (key.alwaysAuthenticate ? " for every use" : "");
        std::cout << (key.hasCertificate ? ", certificate" : ", no certificate");
        std::cout << ", mechanisms";
        for (std::string_view m : mechanismsFor(key)) std::cout << " " << m;
        if (key.canDecipher) std::cout << ", decipher";
        std::cout << "\n";
    }
    for (const api::CertificateInfo& c : app.certificates) {
        std::cout << "certificate " << toHex(c.id) << " \"" << c.label << "\""
                  << (c.authority ? " (authority)" : "");
        try {
            const api::CertificateEssentials e = api::parseCertificate(card.certificate(c.id));
            std::cout << ": " << e.subjectText;
        } catch (const api::Pkcs15Error& e) {
            std::cout << ": unreadable (" << e.reason() << ")";
        }
        std::cout << "\n";
    }
    return 0;
}

}  // namespace ias::tool
