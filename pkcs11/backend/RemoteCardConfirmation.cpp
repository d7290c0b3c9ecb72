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
    // A confirmation takes well under a second on a real card; one that hangs (a card held by another
    // application's transaction for long, a stuck PC/SC call) is ended, and the caller's thread reads.
    std::string line = process_.output(512, std::chrono::seconds(20));
    const auto nl = line.find('\n');
    if (nl == std::string::npos) process_.kill();  // no answer in time: the helper overstayed
    const std::string how = process_.reap();
    if (nl != std::string::npos) line.resize(nl);
    const std::string expected = "confirmed insertion=" + std::to_string(insertion_) + " digest=";
    if (line.rfind(expected, 0) == 0 && line.size() == expected.size() + 64 && how == "exit status 0")
        return line.substr(expected.size());
    // Bound to the insertion the module loaded: a card pulled, put back or swapped meanwhile (pcsc-lite's
    // event counter moved) is another insertion, and the helper's word is not taken.
    why = (line.empty() ? std::string("no answer") : line) + " (" + how + ")";
    return std::nullopt;
}

}  // namespace ias::p11
