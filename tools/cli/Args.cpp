#include "Args.h"

#include <cstring>

#include "ExitCode.h"

namespace ias::tool {
namespace {

// Options that take a value; everything else starting with "--" is a flag from kFlags.
const std::set<std::string> kValued = {
    "reader",  "pin-fd",    "pin-id",   "key",     "id",      "mechanism", "in",     "out",
    "format",  "key-ref",   "bits",     "subject", "label",   "usage",     "digest", "pin-insecure-argv",
    "context", "challenge", "response", "anchor",  "max-age", "what"};
const std::set<std::string> kFlags = {"help",      "version",    "trace",    "no-pin", "always-authenticate",
                                      "repair",    "authority",  "keep-pin", "force",  "help-exit-codes",
                                      "no-pinpad", "pin-dialog", "json"};
const std::set<std::string> kGlobal = {"reader", "trace", "pin-fd", "pin-dialog", "pin-insecure-argv",
                                       "help"};

}  // namespace

Args Args::parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "-h") arg = "--help";
        if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
            a.words_.push_back(arg);
            continue;
        }
        const std::string name = arg.substr(2);
        if (kFlags.count(name)) {
            a.flags_.insert(name);
        } else if (kValued.count(name)) {
            if (i + 1 >= argc) throw UsageError("--" + name + " needs a value");
            char* value = argv[++i];
            if (name == "pin-insecure-argv") {
                a.insecurePins_.push_back(SecureBuffer::copyOf(std::string_view(value)));
                std::memset(value, 0, std::strlen(value));  // no copy left in argv (ps shows it before this)
                a.values_[name] = "(given)";
            } else if (a.values_.count(name)) {
                throw UsageError("--" + name + " given twice");
            } else {
                a.values_[name] = value;
            }
        } else {
            throw UsageError("unknown option --" + name);
        }
    }
    return a;
}

std::optional<std::string> Args::value(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::string Args::required(const std::string& name) const {
    auto v = value(name);
    if (!v) throw UsageError("--" + name + " is required");
    return *v;
}

std::optional<Bytes> Args::hexId(const std::string& name) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    try {
        Bytes id = fromHex(*v);
        if (id.empty() || id.size() > 255) throw std::invalid_argument("length");
        return id;
    } catch (const std::invalid_argument&) {
        throw UsageError("--" + name + " wants a hexadecimal identifier such as 01, not \"" + *v + "\"");
    }
}

Bytes Args::requiredHexId(const std::string& name) const {
    auto id = hexId(name);
    if (!id) throw UsageError("--" + name + " is required");
    return *id;
}

std::optional<unsigned long> Args::number(const std::string& name, unsigned long max) const {
    auto v = value(name);
    if (!v) return std::nullopt;
    std::size_t used = 0;
    unsigned long n = 0;
    try {
        n = std::stoul(*v, &used, 0);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != v->size() || (*v)[0] == '-' || n > max)
        throw UsageError("--" + name + " wants a number from 0 to " + std::to_string(max));
    return n;
}

void Args::allowOnly(const std::set<std::string>& allowed) const {
    auto check = [&](const std::string& name) {
        if (!allowed.count(name) && !kGlobal.count(name))
            throw UsageError("option --" + name + " does not apply to this command");
    };
    for (const auto& [name, value] : values_) check(name);
    for (const std::string& name : flags_) check(name);
}

}  // namespace ias::tool
