#include "RemoteCardConfirmation.h"

#include <cstdlib>

namespace ias::p11 {

std::string cardConfirmProgram() {
    if (const char* e = std::getenv("IAS_ECC_CONFIRM_HELPER"); e && *e == '/') return e;
    return IAS_CARD_CONFIRM_INSTALLED_PATH;
}

RemoteCardConfirmation::RemoteCardConfirmation(const std::string& program, const std::string& reader,
                                               std::uint64_t insertion)
    : insertion_(insertion), process_(program, {reader, std::to_string(insertion)}) {}

std::optional<std::string> RemoteCardConfirmation::verdict(std::string& why) {
    std::string line = process_.output(512);
    const std::string how = process_.reap();
    if (const auto nl = line.find('\n'); nl != std::string::npos) line.resize(nl);
    const std::string expected = "confirmed insertion=" + std::to_string(insertion_) + " digest=";
    if (line.rfind(expected, 0) == 0 && line.size() == expected.size() + 64 && how == "exit status 0")
        return line.substr(expected.size());
    // Bound to the insertion the module loaded: a card pulled, put back or swapped meanwhile (pcsc-lite's
    // event counter moved) is another insertion, and the helper's word is not taken.
    why = (line.empty() ? std::string("no answer") : line) + " (" + how + ")";
    return std::nullopt;
}

}  // namespace ias::p11
