#pragma once
// What one diagnosis looks at and how long it may wait. main() fills it from the command line and the
// environment; tests point it at fake homes and modules.
#include <chrono>
#include <optional>
#include <string>

namespace ias::diag {

struct DiagOptions {
    // The PKCS#11 module to load (in a child process); default: where the package installs it.
    std::string modulePath = "/usr/lib/x86_64-linux-gnu/pkcs11/libias-pkcs11.so";
    // This program, started again as `--probe-module PATH` for the module check.
    std::string selfExecutable = "/proc/self/exe";
    // A reader name (exact, or the one reader whose name contains it); default: the first with a card.
    std::optional<std::string> reader;
    // Names and serials replaced by hashes (Privacy.h).
    bool anonymise = false;
    // Bound of each PC/SC or card step and of the module probe: a step that takes longer FAILs.
    std::chrono::milliseconds timeout{std::chrono::seconds(20)};
    // The user whose browsers are looked at ($HOME).
    std::string home;
    // Where the system files are; tests keep the defaults.
    std::string osRelease = "/etc/os-release";
    std::string dpkgStatus = "/var/lib/dpkg/status";
    // Prefixed to the browsers' system-wide policy files (/etc/firefox/policies/policies.json …); tests give
    // a directory that stands for /.
    std::string systemRoot;
};

}  // namespace ias::diag
