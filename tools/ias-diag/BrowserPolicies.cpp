#include "BrowserPolicies.h"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "NssModules.h"

namespace ias::diag {
namespace {

using json = nlohmann::json;

struct Application {
    const char* name;
    std::vector<std::string> readOrder;  // Debian's builds: /etc first, the distribution directory after
    std::vector<std::string> neverRead;  // where people put it by mistake
};

const std::vector<Application>& applications() {
    static const std::vector<Application> apps = {
        {"Firefox ESR",
         {"/etc/firefox/policies/policies.json", "/usr/lib/firefox-esr/distribution/policies.json"},
         {"/etc/firefox-esr/policies/policies.json"}},
        {"Thunderbird",
         {"/etc/thunderbird/policies/policies.json", "/usr/lib/thunderbird/distribution/policies.json"},
         {}},
    };
    return apps;
}

bool exists(const std::string& path) {
    return ::access(path.c_str(), F_OK) == 0;
}

}  // namespace

PolicyFacts parsePolicies(std::string_view text) {
    PolicyFacts f;
    const json doc = json::parse(text.begin(), text.end(), nullptr, false);
    if (doc.is_discarded()) {
        // parse again with exceptions only to learn where it stopped (the message names the byte)
        try {
            [[maybe_unused]] const json again = json::parse(text.begin(), text.end());
        } catch (const json::exception& e) {
            f.error = e.what();
        }
        if (f.error.empty()) f.error = "not JSON";
        return f;
    }
    auto wrongType = [&](const char* what) {
        f.error = std::string(what) + " has another type than the policy's";
        return f;
    };
    if (!doc.is_object()) return wrongType("the document");
    const auto policies = doc.find("policies");
    if (policies == doc.end()) {
        f.valid = true;
        return f;
    }
    if (!policies->is_object()) return wrongType("\"policies\"");
    const auto devices = policies->find("SecurityDevices");
    if (devices == policies->end()) {
        f.valid = true;
        return f;
    }
    if (!devices->is_object()) return wrongType("\"SecurityDevices\"");
    if (const auto add = devices->find("Add"); add != devices->end()) {
        if (!add->is_object()) return wrongType("\"SecurityDevices.Add\"");
        for (const auto& [name, path] : add->items()) {
            if (!path.is_string()) return wrongType("a path in \"SecurityDevices.Add\"");
            const ModuleKind kind = moduleKind(path.get_ref<const std::string&>());
            if (kind == ModuleKind::Ours) f.addsUs.push_back(name);
            if (kind == ModuleKind::OpenSc) f.addsOpenSc.push_back(name);
        }
    }
    if (const auto del = devices->find("Delete"); del != devices->end()) {
        if (!del->is_array()) return wrongType("\"SecurityDevices.Delete\"");
        for (const json& name : *del)
            if (name.is_string() && name.get_ref<const std::string&>() == kPolicyModuleName)
                f.deletesUs = true;
    }
    f.valid = true;
    return f;
}

std::vector<PolicyLocation> policyLocations(const std::string& root) {
    std::vector<PolicyLocation> out;
    for (const Application& app : applications()) {
        PolicyLocation l{app.name, app.readOrder, "", {}};
        for (const std::string& p : app.readOrder) {
            if (!exists(root + p)) continue;
            if (l.read.empty())
                l.read = p;
            else
                l.ignored.push_back(p);
        }
        for (const std::string& p : app.neverRead)
            if (exists(root + p)) l.ignored.push_back(p);
        out.push_back(std::move(l));
    }
    return out;
}

}  // namespace ias::diag
