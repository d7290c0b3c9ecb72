#pragma once
// Firefox's and Thunderbird's enterprise policy files as the package's helper (ias-browser-policy) writes
// them: which file each application really reads, and what its SecurityDevices policy says about our
// module. Read with nlohmann-json, never by searching the text: `"Delete": ["IAS-ECC"]` (what a removed
// package leaves) names no path, and a file that is not JSON disables every policy in it.
#include <string>
#include <string_view>
#include <vector>

namespace ias::diag {

// The name under which ias-browser-policy adds the module (packaging/browsers/main.cpp) and which its
// `remove` puts into SecurityDevices.Delete.
inline constexpr std::string_view kPolicyModuleName = "IAS-ECC";

struct PolicyFacts {
    bool valid = false;               // JSON, and policies/SecurityDevices/Add/Delete of the policy's types
    std::string error;                // why not (nlohmann's message: the byte where parsing stopped)
    std::vector<std::string> addsUs;  // names in SecurityDevices.Add whose path is libias-pkcs11.so
    std::vector<std::string> addsOpenSc;  // names in SecurityDevices.Add whose path is OpenSC's module
    bool deletesUs = false;               // kPolicyModuleName in SecurityDevices.Delete
};

PolicyFacts parsePolicies(std::string_view text);

// One application's policy files, in the order it looks for them; `read` is the one it uses (the first that
// exists: an /etc file hides the distribution directory's), empty when none exists.
struct PolicyLocation {
    std::string application;  // "Firefox ESR", "Thunderbird"
    std::vector<std::string> candidates;
    std::string read;
    std::vector<std::string> ignored;  // existing files the application does not read
};

// `root` prefixes every path ("" for the real system; tests give a directory).
std::vector<PolicyLocation> policyLocations(const std::string& root);

}  // namespace ias::diag
