#pragma once
// A line per APDU the card received, for counting what a client sends (tests/testbed/count_apdus).
// PIN data (VERIFY 20, CHANGE REFERENCE DATA 24, RESET RETRY COUNTER 2C) is never written; responses are
// logged as length and status word only, since their data may be a deciphered secret.
#include <cstdio>
#include <string>

#include "ias/apdu/Bytes.h"

namespace ias::vcard {

// "C <header> [Lc] <data or *** redacted>" — the text for one command APDU.
std::string describeCommand(ByteView command);

class ApduLog {
public:
    explicit ApduLog(const std::string& path);  // empty path: logging off
    ~ApduLog();
    ApduLog(const ApduLog&) = delete;
    ApduLog& operator=(const ApduLog&) = delete;

    void command(ByteView command);
    void response(ByteView response);
    void event(const std::string& what);  // power on/off, reset, connection
    bool ok() const { return path_.empty() || file_ != nullptr; }

private:
    std::string path_;
    std::FILE* file_ = nullptr;
};

}  // namespace ias::vcard
