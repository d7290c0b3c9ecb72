// scripts/testbed run in a child process (fork + exec, so it is safe while other threads call the module).
#include "TestBedControl.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

namespace ias::p11::cardtest {

bool testbed(const std::string& command) {
    const char* script = std::getenv("IAS_TESTBED_SCRIPT");
    const char* dir = std::getenv("IAS_TESTBED_DIR");
    if (script == nullptr || dir == nullptr) return false;
    const pid_t child = fork();
    if (child < 0) return false;
    if (child == 0) {
        execl(script, script, command.c_str(), dir, static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    if (waitpid(child, &status, 0) != child) return false;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace ias::p11::cardtest
