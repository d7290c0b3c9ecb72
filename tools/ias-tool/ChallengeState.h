#pragma once
// The verifier's state of one challenge (docs/challenge-response.md): a text file of "name: value" lines,
//   challenge: <hex, 32 bytes from the OS CSPRNG>
//   created: <seconds since 1970, UTC>
//   consumed: no | yes
// The signer reads only the challenge line, so the same file (or that line alone) goes to the signer.
#include <cstdint>
#include <string>

#include "ias/apdu/Bytes.h"

namespace ias::tool {

struct ChallengeState {
    Bytes challenge;
    std::int64_t created = 0;
    bool consumed = false;
};

// A fresh challenge (getrandom), created now, written to `path` (mode 600, replacing a file there).
ChallengeState newChallenge(const std::string& path);
// The challenge line of a state or challenge file. ToolError(InputOutput) when unreadable or malformed.
Bytes readChallenge(const std::string& path);
std::string stateText(const ChallengeState& state);

// The state file held under an exclusive lock (flock) while a verifier decides, so that two verifiers of
// the same response cannot both accept it.
class LockedChallengeState {
public:
    explicit LockedChallengeState(const std::string& path);  // ToolError(ChallengeRefused) if unusable
    ~LockedChallengeState();
    LockedChallengeState(const LockedChallengeState&) = delete;
    LockedChallengeState& operator=(const LockedChallengeState&) = delete;

    const ChallengeState& state() const { return state_; }
    // Rewrites the file with consumed: yes and syncs it, before the response is looked at.
    void consume();

private:
    std::string path_;
    int fd_ = -1;
    ChallengeState state_;
};

}  // namespace ias::tool
