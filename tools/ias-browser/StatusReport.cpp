#include "StatusReport.h"

#include <unistd.h>

#include "Attention.h"
#include "ChainCheck.h"
#include "KeyUses.h"
#include "PageNames.h"

namespace ias::browser {

namespace {

std::string number(const std::optional<int>& n) {
    return n ? std::to_string(*n) : "?";
}

// "2027-12-03 10:00:00 UTC" → "2027-12-03_10:00:00": one word per field.
std::string dateWord(std::string text) {
    const std::size_t utc = text.find(" UTC");
    if (utc != std::string::npos) text.erase(utc);
    for (char& c : text)
        if (c == ' ') c = '_';
    return text;
}

}  // namespace

void StatusReport::page(const CardPage& p) const {
    if (fd_ < 0) return;
    line(std::string("state ") + presenceName(p.presence) + " " + p.reader);
    for (const ReaderEntry& r : p.readers)
        line(std::string("reader card=") + (r.hasCard ? "1 " : "0 ") + r.name);
    if (p.presence == Presence::Ready && p.identity && p.application) {
        const Bytes& pre = p.identity->preIssuing;
        const std::string ias =
            pre.size() >= 4 ? std::to_string(pre[3] >> 4) + "." + std::to_string(pre[3] & 0x0F) : "?";
        line("card atr=" + toHex(p.atr) + " serial=" + toHex(p.identity->serial) + " ias=" + ias +
             " app=" + toHex(p.application->aid));
        for (const PinView& pin : p.pins) {
            const api::PinStatus s = pin.status.value_or(api::PinStatus{});
            line("pin " + toHex(pin.info.authId) + " role=" + roleName(pin.info.role) + " tries=" +
                 number(s.blocked ? std::optional<int>(0) : s.triesLeft) + " max=" + number(s.maxTries) +
                 " blocked=" + (s.blocked ? "1" : "0") + " verified=" + (s.verified ? "1" : "0"));
        }
        for (const api::KeyInfo& k : p.application->keys) {
            std::string uses;
            for (const std::string& u : keyUseNames(keyUses(*p.application, k)))
                uses += (uses.empty() ? "" : ",") + u;
            line("key " + toHex(k.id) + " type=" + (k.type == api::KeyType::Ec ? "ec" : "rsa") +
                 " bits=" + std::to_string(k.bits) + " pin=" + toHex(k.pinAuthId) +
                 " every-use=" + (k.alwaysAuthenticate ? "1" : "0") +
                 " cert=" + (k.hasCertificate ? "1" : "0") + " uses=" + (uses.empty() ? "-" : uses));
        }
        for (const CertificateView& c : p.certificates) {
            std::string text = "cert " + toHex(c.info.id) + " serial=" + (c.facts ? c.facts->serial : "?") +
                               " state=" + certificateStateName(certificateState(c)) +
                               " days=" + number(c.facts ? c.facts->daysLeft : std::nullopt);
            if (c.facts)
                text +=
                    " notbefore=" + dateWord(c.facts->notBefore) + " notafter=" + dateWord(c.facts->notAfter);
            line(text);
            if (!c.der.empty()) {
                try {
                    const ChainView chain = checkChain(c.der, authorities(p), anchors_);
                    line("chain " + toHex(c.info.id) + " length=" + std::to_string(chain.names.size()) +
                         " trust=" + chainTrustName(chain.trust));
                } catch (const std::exception&) {
                    // not a certificate: its cert line says unreadable
                }
            }
        }
        const std::vector<AttentionItem> items = attentionItems(p);
        for (const AttentionItem& a : items)
            line(std::string("attention ") + attentionName(a.kind) + " " + toHex(a.id));
        if (items.empty()) line("attention none -");
    }
    line("page end");
}

void StatusReport::line(const std::string& text) const {
    if (fd_ < 0) return;
    const std::string out = text + "\n";
    // Best effort: a test that stopped reading must not stop the window.
    ssize_t written = ::write(fd_, out.data(), out.size());
    (void)written;
}

}  // namespace ias::browser
