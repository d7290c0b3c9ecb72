#include "Options.h"

#include "ExitCode.h"

namespace ias::sign {
namespace {

const std::set<std::string> kCardValued = {"reader", "pin-fd", "pin-insecure-argv"};
const std::set<std::string> kCardFlags = {"trace", "no-pinpad", "pin-dialog"};
const std::set<std::string> kValued = {"out", "key", "anchors", "digest", "signer", "tsa"};
const std::set<std::string> kFlags = {"help", "version",    "json", "require-qualified",
                                      "asic", "enveloping", "pss"};

}  // namespace

Options Options::parse(int argc, char** argv) {
    Options o;
    std::vector<char*> cardArgv{argv[0]};
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "-h") arg = "--help";
        if (arg == "-o") arg = "--out";
        if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
            o.words_.push_back(arg);
            continue;
        }
        const std::string name = arg.substr(2);
        if (kCardFlags.count(name)) {
            cardArgv.push_back(argv[i]);
        } else if (kCardValued.count(name)) {
            if (i + 1 >= argc) throw tool::UsageError("--" + name + " needs a value");
            cardArgv.push_back(argv[i]);
            cardArgv.push_back(argv[++i]);  // a PIN's argv bytes are wiped by ias-tool's parser
        } else if (kFlags.count(name)) {
            o.flags_.insert(name);
        } else if (kValued.count(name)) {
            if (i + 1 >= argc) throw tool::UsageError("--" + name + " needs a value");
            if (!o.values_.emplace(name, argv[++i]).second)
                throw tool::UsageError("--" + name + " given twice");
        } else {
            throw tool::UsageError("unknown option " + arg);
        }
    }
    o.card_ = tool::Args::parse(static_cast<int>(cardArgv.size()), cardArgv.data());
    return o;
}

Options Options::fromArguments(const std::vector<std::string>& arguments) {
    std::vector<std::string> copies{"ias-sign"};
    copies.insert(copies.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (std::string& a : copies) argv.push_back(a.data());
    argv.push_back(nullptr);
    return parse(static_cast<int>(copies.size()), argv.data());
}

std::optional<std::string> Options::value(const std::string& name) const {
    const auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

void Options::allowOnly(const std::set<std::string>& allowed) const {
    for (const auto& [name, value] : values_)
        if (!allowed.count(name)) throw tool::UsageError("--" + name + " does not go with " + words_.front());
    for (const std::string& name : flags_)
        if (name != "help" && name != "version" && !allowed.count(name))
            throw tool::UsageError("--" + name + " does not go with " + words_.front());
}

}  // namespace ias::sign
