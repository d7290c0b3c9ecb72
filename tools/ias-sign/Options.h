#pragma once
// ias-sign's command line. The card and PIN options are ias-tool's (--reader, --trace, --pin-fd N,
// --pin-insecure-argv, --no-pinpad) and go, untouched, to ias-tool's own parser so that the card session and
// the PIN entry are ias-tool's flows; the rest is ias-sign's.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "Args.h"

namespace ias::sign {

class Options {
public:
    // Throws tool::UsageError for an unknown option or a missing value.
    static Options parse(int argc, char** argv);
    // The same from arguments a program builds (the window: "--pin-dialog", "sign", DOC …), without argv[0].
    static Options fromArguments(const std::vector<std::string>& arguments);

    const std::vector<std::string>& words() const { return words_; }
    bool flag(const std::string& name) const { return flags_.count(name) != 0; }
    std::optional<std::string> value(const std::string& name) const;
    // UsageError if an option of ias-sign's own not in `allowed` was given.
    void allowOnly(const std::set<std::string>& allowed) const;
    // The card and PIN options, parsed by ias-tool's Args.
    const tool::Args& card() const { return card_; }

private:
    std::vector<std::string> words_;
    std::map<std::string, std::string> values_;
    std::set<std::string> flags_;
    tool::Args card_;
};

}  // namespace ias::sign
