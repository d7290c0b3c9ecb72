#include "AnswerParser.h"

#include <cstring>

namespace ias::pinui::detail {

namespace {

bool startsWith(const SecureBuffer& b, std::string_view prefix) {
    return b.size() >= prefix.size() && std::memcmp(b.data(), prefix.data(), prefix.size()) == 0;
}

bool equals(const SecureBuffer& b, std::string_view text) {
    return b.size() == text.size() && startsWith(b, text);
}

// The reason of an ERROR line, printable ASCII only (it goes to a log line).
std::string reasonOf(const SecureBuffer& line, std::size_t from) {
    std::string reason;
    for (std::size_t i = from; i + 1 < line.size() && reason.size() < 200; ++i) {
        std::uint8_t c = line[i];
        reason.push_back(c >= 0x20 && c < 0x7F ? static_cast<char>(c) : '?');
    }
    return reason;
}

PromptResult result(PromptStatus status, std::string message) {
    PromptResult r;
    r.status = status;
    r.message = std::move(message);
    return r;
}

}  // namespace

PromptResult parseAnswer(const SecureBuffer& line, const PinRules& rules) {
    const void* nl = line.empty() ? nullptr : std::memchr(line.data(), '\n', line.size());
    if (nl == nullptr || static_cast<const std::uint8_t*>(nl) != line.data() + line.size() - 1) {
        return result(PromptStatus::Unavailable, "PIN dialog answer is not one line");
    }
    if (equals(line, "CANCEL\n")) return result(PromptStatus::Cancelled, "cancelled by the user");
    if (startsWith(line, "ERROR ")) {
        return result(PromptStatus::Unavailable, "PIN dialog failed: " + reasonOf(line, 6));
    }
    if (startsWith(line, "OK ")) {
        ByteView pin(line.data() + 3, line.size() - 4);
        if (!rules.accepts(pin))
            return result(PromptStatus::Unavailable, "PIN dialog answered outside the rules");
        PromptResult r;
        r.status = PromptStatus::Ok;
        r.pin = SecureBuffer::copyOf(pin);
        return r;
    }
    return result(PromptStatus::Unavailable, "PIN dialog answer not understood");
}

std::string parseNoticeAnswer(const SecureBuffer& line) {
    if (equals(line, "SHOWN\n")) return {};
    if (startsWith(line, "ERROR ") && line.size() > 6 && line[line.size() - 1] == '\n') {
        return "PIN-pad notice failed: " + reasonOf(line, 6);
    }
    return "PIN-pad notice answer not understood";
}

}  // namespace ias::pinui::detail
