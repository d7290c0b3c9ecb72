#include "FileIo.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <utility>

#include "ExitCode.h"

namespace ias::tool {
namespace {

struct FdCloser {
    int fd;
    int close() {
        const int f = std::exchange(fd, -1);
        return f < 0 ? 0 : ::close(f);
    }
    ~FdCloser() {
        if (fd >= 0) ::close(fd);
    }
};

bool isStdio(const std::optional<std::string>& path) {
    return !path || *path == "-";
}

void writeFd(int fd, ByteView data, const std::string& name) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw ToolError(Exit::InputOutput, "cannot write " + name + ": " + std::strerror(errno));
        done += static_cast<std::size_t>(n);
    }
}

// A regular file (or a new one) is replaced whole: the bytes go to a temporary file beside it, which is
// renamed over it only once written and flushed. `ias-sign cosign SIG DOC` writes SIG itself by default: a
// failure (disk full, a signal) must leave the old signature file, not a truncated one. Devices and pipes
// (/dev/stdout, a FIFO) are written in place. The file keeps the mode of the one it replaces; a new file
// gets `mode` less the umask, as open(2) would give it.
void writeTo(const std::optional<std::string>& path, ByteView data, mode_t mode) {
    if (isStdio(path)) return writeFd(STDOUT_FILENO, data, "standard output");
    struct stat existing {};
    const bool exists = ::stat(path->c_str(), &existing) == 0;
    if (exists && !S_ISREG(existing.st_mode)) {
        const int fd = ::open(path->c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
        if (fd < 0) throw ToolError(Exit::InputOutput, "cannot open " + *path + ": " + std::strerror(errno));
        FdCloser closer{fd};
        writeFd(fd, data, *path);
        return;
    }
    // Through a symbolic link, the file it names is replaced, not the link.
    std::error_code ignored;
    std::filesystem::path target =
        exists ? std::filesystem::canonical(*path, ignored) : std::filesystem::path();
    if (target.empty()) target = *path;
    std::string temporary =
        (target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path()) /
        ("." + target.filename().string() + ".XXXXXX");
    const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
    if (fd < 0) throw ToolError(Exit::InputOutput, "cannot create " + *path + ": " + std::strerror(errno));
    try {
        FdCloser closer{fd};
        const mode_t umaskNow = ::umask(0);
        ::umask(umaskNow);
        // A secret's mode (nothing for group and others) wins over the replaced file's.
        const mode_t keep = (mode & 077) ? 07777 : 07700;
        const mode_t wanted = exists ? (existing.st_mode & keep) : (mode & ~umaskNow);
        if (::fchmod(fd, wanted) != 0 || (writeFd(fd, data, *path), ::fsync(fd) != 0))
            throw ToolError(Exit::InputOutput, "cannot write " + *path + ": " + std::strerror(errno));
        if (closer.close() != 0)
            throw ToolError(Exit::InputOutput, "cannot write " + *path + ": " + std::strerror(errno));
        if (::rename(temporary.c_str(), target.c_str()) != 0)
            throw ToolError(Exit::InputOutput, "cannot replace " + *path + ": " + std::strerror(errno));
    } catch (...) {
        ::unlink(temporary.c_str());
        throw;
    }
}

}  // namespace

Bytes readInput(const std::optional<std::string>& path, std::size_t limit) {
    const std::string name = isStdio(path) ? "standard input" : *path;
    const int fd = isStdio(path) ? STDIN_FILENO : ::open(path->c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw ToolError(Exit::InputOutput, "cannot open " + name + ": " + std::strerror(errno));
    Bytes data;
    std::uint8_t chunk[65536];
    for (;;) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int e = errno;
            if (fd != STDIN_FILENO) ::close(fd);
            throw ToolError(Exit::InputOutput, "cannot read " + name + ": " + std::strerror(e));
        }
        if (n == 0) break;
        data.insert(data.end(), chunk, chunk + n);
        if (data.size() > limit) {
            if (fd != STDIN_FILENO) ::close(fd);
            throw ToolError(Exit::InputOutput, name + " is larger than " + std::to_string(limit) + " bytes");
        }
    }
    if (fd != STDIN_FILENO) ::close(fd);
    return data;
}

void writeOutput(const std::optional<std::string>& path, ByteView data) {
    writeTo(path, data, 0644);
}

void writeSecretOutput(const std::optional<std::string>& path, const SecureBuffer& data) {
    writeTo(path, data.view(), 0600);
}

}  // namespace ias::tool
