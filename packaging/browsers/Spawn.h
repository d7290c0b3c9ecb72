#pragma once
// Runs one of NSS's tools (certutil, modutil) and collects what it prints on standard output.
#include <string>
#include <vector>

namespace ias::browsers {

struct SpawnResult {
    int status = -1;  // the exit status, or -1 when the program could not be started or was killed
    std::string out;
};

SpawnResult spawnAndRead(const std::vector<std::string>& argv);
// Whether `name` is an executable file in one of $PATH's directories.
bool onPath(const std::string& name);

}  // namespace ias::browsers
