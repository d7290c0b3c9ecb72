#pragma once
// The command line: command words, then `--name value` options and `--flag`s. PINs given with
// --pin-insecure-argv (tests only) go straight into SecureBuffers and their argv copies are wiped.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/SecureBuffer.h"

namespace ias::tool {

class Args {
public:
    // Throws UsageError for an unknown option or a missing value.
    static Args parse(int argc, char** argv);

    const std::vector<std::string>& words() const { return words_; }
    bool flag(const std::string& name) const { return flags_.count(name) != 0; }
    std::optional<std::string> value(const std::string& name) const;
    std::string required(const std::string& name) const;  // UsageError when absent
    // Hex identifier (PKCS#15 iD or authId: "01", "0A0B").
    std::optional<Bytes> hexId(const std::string& name) const;
    Bytes requiredHexId(const std::string& name) const;
    std::optional<unsigned long> number(const std::string& name, unsigned long max) const;
    // UsageError if an option not in `allowed` (nor a global one) was given.
    void allowOnly(const std::set<std::string>& allowed) const;
    // PINs from --pin-insecure-argv, in order; taken by the PIN reader.
    std::vector<SecureBuffer>& insecurePins() const { return insecurePins_; }

private:
    std::vector<std::string> words_;
    std::map<std::string, std::string> values_;
    std::set<std::string> flags_;
    mutable std::vector<SecureBuffer> insecurePins_;
};

}  // namespace ias::tool
