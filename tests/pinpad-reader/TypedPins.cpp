#include "TypedPins.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

namespace ias::pinpad {
namespace {

void wipeString(std::string& s) {
    if (!s.empty()) explicit_bzero(s.data(), s.size());
    s.clear();
}

}  // namespace

TypedEntry readTypedEntry(const std::string& path) {
    TypedEntry entry;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        entry.outcome = Outcome::Timeout;
        return entry;
    }
    char buffer[256];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    ::close(fd);
    std::string* lines[] = {&entry.first, &entry.second, &entry.confirmation};
    // Room for the whole file up front: a growing string would leave copies of the digits behind.
    for (std::string* l : lines) l->reserve(sizeof buffer);
    std::size_t line = 0;
    for (ssize_t i = 0; i < n && line < 3; ++i) {
        const char c = buffer[i];
        if (c == '\n') {
            ++line;
        } else if (c != '\r') {
            lines[line]->push_back(c);
        }
    }
    explicit_bzero(buffer, sizeof buffer);
    if (entry.first == "cancel") entry.outcome = Outcome::Cancelled;
    if (entry.first == "timeout" || n <= 0) entry.outcome = Outcome::Timeout;
    return entry;
}

void wipe(TypedEntry& entry) {
    wipeString(entry.first);
    wipeString(entry.second);
    wipeString(entry.confirmation);
}

void wipe(std::vector<std::uint8_t>& bytes) {
    if (!bytes.empty()) explicit_bzero(bytes.data(), bytes.size());
    bytes.clear();
}

}  // namespace ias::pinpad
