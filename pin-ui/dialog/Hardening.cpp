#include "Hardening.h"

#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace ias::pinui {

namespace {

constexpr unsigned kCapIpcLock = 14;
constexpr rlim_t kEnoughToLockEverything = rlim_t(1) << 30;

bool hasIpcLockCapability() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("CapEff:", 0) == 0) {
            unsigned long long caps = std::stoull(line.substr(7), nullptr, 16);
            return (caps >> kCapIpcLock) & 1;
        }
    }
    return false;
}

bool lockAll(int flags) {
    // MCL_ONFAULT: lock pages as they are touched instead of faulting in every mapped library now.
    if (::mlockall(flags | MCL_ONFAULT) == 0) return true;
    return errno == EINVAL && ::mlockall(flags) == 0;
}

}  // namespace

HardeningReport hardenProcess() {
    HardeningReport report;
    report.nonDumpable = ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
    rlimit none{0, 0};
    report.coreDisabled = ::setrlimit(RLIMIT_CORE, &none) == 0;

    rlimit memlock{};
    if (::getrlimit(RLIMIT_MEMLOCK, &memlock) == 0 && memlock.rlim_cur != memlock.rlim_max) {
        memlock.rlim_cur = memlock.rlim_max;
        ::setrlimit(RLIMIT_MEMLOCK, &memlock);
    }
    // Locking future mappings under a small RLIMIT_MEMLOCK would make GTK's own allocations fail later, so
    // MCL_FUTURE only when the limit cannot bite; otherwise what is mapped now (best effort). The PIN's own
    // buffers (GTK's password buffer, libsodium) are locked either way.
    bool unlimited = memlock.rlim_cur == RLIM_INFINITY || memlock.rlim_cur >= kEnoughToLockEverything ||
                     hasIpcLockCapability();
    if (unlimited && lockAll(MCL_CURRENT | MCL_FUTURE)) {
        report.lockedCurrent = report.lockedFuture = true;
    } else {
        report.lockedCurrent = lockAll(MCL_CURRENT);
    }
    return report;
}

void keepAccessibilityOffUnless(const char* optInVariable) {
    const char* wanted = std::getenv(optInVariable);
    if (wanted == nullptr || std::strcmp(wanted, "1") != 0) ::setenv("GTK_A11Y", "none", 1);
}

}  // namespace ias::pinui
