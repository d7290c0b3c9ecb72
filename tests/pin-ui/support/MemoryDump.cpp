#include "MemoryDump.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cstring>
#include <fstream>

#include "Processes.h"

namespace ias::pinui::test {

bool gcoreAvailable() {
    return ::access(GCORE, X_OK) == 0;
}

std::string dumpCore(pid_t pid, const std::string& prefix) {
    std::string path = prefix + "." + std::to_string(pid);
    ::unlink(path.c_str());
    // -a: also the mappings marked MADV_DONTDUMP (libsodium and GTK keep secrets there).
    RunResult r = run({GCORE, "-a", "-o", prefix, std::to_string(pid)}, std::chrono::seconds(120));
    struct stat st {};
    if (r.exitStatus != 0 || ::stat(path.c_str(), &st) != 0 || st.st_size == 0) return {};
    return path;
}

std::size_t countOccurrences(const std::string& path, const std::string& needle) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    struct stat st {};
    ::fstat(fd, &st);
    std::size_t size = static_cast<std::size_t>(st.st_size);
    void* map = size > 0 ? ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
    ::close(fd);
    if (map == MAP_FAILED) return 0;
    std::size_t count = 0;
    const char* base = static_cast<const char*>(map);
    const char* p = base;
    const char* end = base + size;
    while (p < end) {
        const void* hit = ::memmem(p, static_cast<std::size_t>(end - p), needle.data(), needle.size());
        if (hit == nullptr) break;
        ++count;
        p = static_cast<const char*>(hit) + 1;
    }
    ::munmap(map, size);
    return count;
}

long lockedKilobytes(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmLck:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

std::string utf16le(const std::string& ascii) {
    std::string out;
    for (char c : ascii) {
        out.push_back(c);
        out.push_back('\0');
    }
    return out;
}

}  // namespace ias::pinui::test
