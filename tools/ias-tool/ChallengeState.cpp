#include "ChallengeState.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <map>
#include <sstream>

#include "ExitCode.h"
#include "FileIo.h"

namespace ias::tool {
namespace {

constexpr std::size_t kChallengeBytes = 32;

std::map<std::string, std::string> parseLines(const std::string& text, const std::string& name, Exit code) {
    std::map<std::string, std::string> values;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        const auto colon = line.find(": ");
        if (colon == std::string::npos || values.count(line.substr(0, colon)))
            throw ToolError(code, name + ": malformed line \"" + line + "\"");
        values[line.substr(0, colon)] = line.substr(colon + 2);
    }
    return values;
}

Bytes challengeOf(const std::map<std::string, std::string>& values, const std::string& name, Exit code) {
    const auto it = values.find("challenge");
    if (it == values.end()) throw ToolError(code, name + " has no challenge line");
    try {
        return fromHex(it->second);
    } catch (const std::exception&) {
        throw ToolError(code, name + ": the challenge is not hexadecimal");
    }
}

std::string readFd(int fd, const std::string& name) {
    std::string text;
    char chunk[4096];
    for (;;) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            throw ToolError(Exit::ChallengeRefused, "cannot read " + name + ": " + std::strerror(errno));
        if (n == 0) return text;
        text.append(chunk, static_cast<std::size_t>(n));
        if (text.size() > 64 * 1024) throw ToolError(Exit::ChallengeRefused, name + " is no challenge state");
    }
}

}  // namespace

std::string stateText(const ChallengeState& state) {
    return "# ias-tool challenge state (docs/challenge-response.md)\nchallenge: " + toHex(state.challenge) +
           "\ncreated: " + std::to_string(state.created) + "\nconsumed: " + (state.consumed ? "yes" : "no") +
           "\n";
}

ChallengeState newChallenge(const std::string& path) {
    ChallengeState state;
    state.challenge.resize(kChallengeBytes);
    std::size_t got = 0;
    while (got < kChallengeBytes) {
        const ssize_t n = ::getrandom(state.challenge.data() + got, kChallengeBytes - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw ToolError(Exit::Internal, std::string("getrandom: ") + std::strerror(errno));
        got += static_cast<std::size_t>(n);
    }
    state.created = static_cast<std::int64_t>(std::time(nullptr));
    const std::string text = stateText(state);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw ToolError(Exit::InputOutput, "cannot create " + path + ": " + std::strerror(errno));
    const bool ok =
        ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    const int e = errno;
    if (::close(fd) != 0 || !ok)
        throw ToolError(Exit::InputOutput, "cannot write " + path + ": " + std::strerror(e));
    return state;
}

Bytes readChallenge(const std::string& path) {
    const Bytes file = readInput(path, 64 * 1024);
    const std::string text(file.begin(), file.end());
    return challengeOf(parseLines(text, path, Exit::InputOutput), path, Exit::InputOutput);
}

LockedChallengeState::LockedChallengeState(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd_ < 0)
        throw ToolError(Exit::ChallengeRefused,
                        "cannot open the challenge state " + path + ": " + std::strerror(errno));
    try {
        if (::flock(fd_, LOCK_EX) != 0)
            throw ToolError(Exit::ChallengeRefused, "cannot lock " + path + ": " + std::strerror(errno));
        const auto values = parseLines(readFd(fd_, path), path, Exit::ChallengeRefused);
        state_.challenge = challengeOf(values, path, Exit::ChallengeRefused);
        const auto created = values.find("created");
        const auto consumed = values.find("consumed");
        if (created == values.end() || consumed == values.end() ||
            (consumed->second != "yes" && consumed->second != "no"))
            throw ToolError(Exit::ChallengeRefused, path + " is no challenge state (created, consumed)");
        std::size_t used = 0;
        state_.created = std::stoll(created->second, &used);
        if (used != created->second.size()) throw std::invalid_argument("created");
        state_.consumed = consumed->second == "yes";
    } catch (const ToolError&) {
        ::close(fd_);
        throw;
    } catch (const std::exception&) {
        ::close(fd_);
        throw ToolError(Exit::ChallengeRefused, path + ": the creation time is not a number");
    }
}

LockedChallengeState::~LockedChallengeState() {
    ::close(fd_);  // releases the lock
}

void LockedChallengeState::consume() {
    state_.consumed = true;
    const std::string text = stateText(state_);
    if (::ftruncate(fd_, 0) != 0 ||
        ::pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()) || ::fsync(fd_) != 0)
        throw ToolError(Exit::ChallengeRefused,
                        "cannot mark the challenge used in " + path_ + ": " + std::strerror(errno));
}

}  // namespace ias::tool
