#include "ias/pinui/PinRequest.h"

#include <charconv>
#include <utility>

namespace ias::pinui {

namespace {

constexpr std::string_view kMagic = "IAS-PINENTRY 1";
// A request is a few hundred bytes; anything near this is not ours.
constexpr std::size_t kMaxRequest = 4096;

constexpr std::pair<PinKind, std::string_view> kKindNames[] = {
    {PinKind::Authentication, "auth"},        {PinKind::Signature, "sign"},        {PinKind::Puk, "puk"},
    {PinKind::NewAuthentication, "new-auth"}, {PinKind::NewSignature, "new-sign"},
};

// Drops control characters (the protocol is line based and the text ends up in labels) and cuts to
// kMaxTextField bytes without splitting a UTF-8 sequence.
std::string cleanText(std::string_view text) {
    std::string out;
    for (char c : text) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) continue;
        out.push_back(c);
    }
    if (out.size() > kMaxTextField) {
        std::size_t cut = kMaxTextField;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
        out.resize(cut);
    }
    return out;
}

int parseNumber(std::string_view value, int low, int high, std::string_view key) {
    int n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size() || n < low || n > high) {
        throw ProtocolError("bad value for " + std::string(key));
    }
    return n;
}

bool isLanguageTag(std::string_view tag) {
    if (tag.empty() || tag.size() > 16) return false;
    for (char c : tag) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-' || c == '.' ||
                  c == '@' || (c >= '0' && c <= '9');
        if (!ok) return false;
    }
    return true;
}

void checkRules(const PinRules& rules) {
    if (rules.minLength < 1 || rules.maxLength > kMaxPinLength || rules.minLength > rules.maxLength) {
        throw ProtocolError("PIN length rules out of range");
    }
}

}  // namespace

bool PinRules::accepts(ByteView pin) const {
    if (pin.size() < minLength || pin.size() > maxLength) return false;
    for (std::uint8_t b : pin) {
        bool ok = digitsOnly ? (b >= '0' && b <= '9') : (b > 0x20 && b < 0x7F);
        if (!ok) return false;
    }
    return true;
}

std::string_view kindName(PinKind kind) {
    for (const auto& [k, name] : kKindNames) {
        if (k == kind) return name;
    }
    return "auth";
}

std::optional<PinKind> kindFromName(std::string_view name) {
    for (const auto& [k, n] : kKindNames) {
        if (n == name) return k;
    }
    return std::nullopt;
}

bool isNewPinKind(PinKind kind) {
    return kind == PinKind::NewAuthentication || kind == PinKind::NewSignature;
}

std::string encodeRequest(const PinRequest& request) {
    checkRules(request.rules);
    std::string out;
    out.append(kMagic).append("\n");
    out.append("CALLER ").append(cleanText(request.caller)).append("\n");
    if (!request.tokenLabel.empty()) out.append("TOKEN ").append(cleanText(request.tokenLabel)).append("\n");
    out.append("PIN ").append(kindName(request.kind)).append("\n");
    out.append("MODE ").append(request.mode == DialogMode::PinPad ? "pinpad" : "entry").append("\n");
    if (request.triesLeft) {
        if (*request.triesLeft < 0 || *request.triesLeft > 99) throw ProtocolError("tries left out of range");
        out.append("TRIES ").append(std::to_string(*request.triesLeft)).append("\n");
    }
    out.append("DIGITS ").append(request.rules.digitsOnly ? "yes" : "no").append("\n");
    out.append("MIN ").append(std::to_string(request.rules.minLength)).append("\n");
    out.append("MAX ").append(std::to_string(request.rules.maxLength)).append("\n");
    if (!request.language.empty()) {
        if (!isLanguageTag(request.language)) throw ProtocolError("bad language tag");
        out.append("LANG ").append(request.language).append("\n");
    }
    out.append("END\n");
    return out;
}

PinRequest decodeRequest(std::string_view text) {
    if (text.size() > kMaxRequest) throw ProtocolError("request too long");
    PinRequest request;
    bool sawMagic = false, sawKind = false, sawEnd = false;
    std::size_t pos = 0;
    while (pos < text.size() && !sawEnd) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) throw ProtocolError("request line without newline");
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        if (!sawMagic) {
            if (line != kMagic) throw ProtocolError("not an ias-pinentry request");
            sawMagic = true;
            continue;
        }
        if (line == "END") {
            sawEnd = true;
            break;
        }
        std::size_t space = line.find(' ');
        std::string_view key = line.substr(0, space);
        std::string_view value =
            space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
        if (key == "CALLER") {
            request.caller = cleanText(value);
        } else if (key == "TOKEN") {
            request.tokenLabel = cleanText(value);
        } else if (key == "PIN") {
            auto kind = kindFromName(value);
            if (!kind) throw ProtocolError("unknown PIN kind");
            request.kind = *kind;
            sawKind = true;
        } else if (key == "MODE") {
            if (value == "entry") {
                request.mode = DialogMode::Entry;
            } else if (value == "pinpad") {
                request.mode = DialogMode::PinPad;
            } else {
                throw ProtocolError("unknown mode");
            }
        } else if (key == "TRIES") {
            request.triesLeft = parseNumber(value, 0, 99, key);
        } else if (key == "DIGITS") {
            if (value != "yes" && value != "no") throw ProtocolError("bad value for DIGITS");
            request.rules.digitsOnly = value == "yes";
        } else if (key == "MIN") {
            request.rules.minLength = static_cast<std::size_t>(parseNumber(value, 1, kMaxPinLength, key));
        } else if (key == "MAX") {
            request.rules.maxLength = static_cast<std::size_t>(parseNumber(value, 1, kMaxPinLength, key));
        } else if (key == "LANG") {
            if (!isLanguageTag(value)) throw ProtocolError("bad language tag");
            request.language = std::string(value);
        }
        // Unknown keys are skipped: a newer client may say more than this dialog shows.
    }
    if (!sawMagic || !sawEnd) throw ProtocolError("request incomplete");
    if (!sawKind) throw ProtocolError("request without PIN kind");
    checkRules(request.rules);
    return request;
}

}  // namespace ias::pinui
