#pragma once
// The edits of a policies.json text (Firefox's and Thunderbird's enterprise policies) that register our
// module in `policies.SecurityDevices`: each splices only the bytes of our entry, so every other byte stays
// as the administrator wrote it. A container the helper had to create is named in `created` ("policies",
// "policies/SecurityDevices", ".../Add", ".../Delete") so that it goes again, once empty, and only then.
#include <optional>
#include <set>
#include <string>

namespace ias::browsers {

class PolicyText {
public:
    // The text, or nothing (with the reason in *problem) when it is not JSON or when a container on our path
    // is of another type than the policy's schema says (the root, `policies`, `SecurityDevices` and `Add`
    // objects, `Delete` an array): then the helper leaves the file alone.
    static std::optional<PolicyText> parse(std::string text, std::string* problem);

    const std::string& text() const { return text_; }

    // Add[name] = path (unchanged when it already says so); name out of Delete.
    void add(const std::string& name, const std::string& path);
    // name out of Add, into Delete (the browsers unload the module at their next start).
    void remove(const std::string& name);
    // name out of Add and Delete.
    void purge(const std::string& name);
    // True when the document has no member left (a file the helper created and may delete).
    bool empty() const;

    std::set<std::string> created;

private:
    explicit PolicyText(std::string text) : text_(std::move(text)) {}
    void pruneCreated();

    std::string text_;
};

// Whether `after` keeps every policy of `before` apart from our entry (the same values in the same order,
// once our name is taken out of Add and Delete and containers left empty are dropped on both sides), and says
// what `action` promised about our entry. Checked before any write, by the parser, not by the splicer.
bool keepsEverythingElse(const std::string& before, const std::string& after, const std::string& action,
                         const std::string& name, const std::string& path, std::string* why);

}  // namespace ias::browsers
