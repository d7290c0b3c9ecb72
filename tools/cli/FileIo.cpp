#include "FileIo.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ExitCode.h"

namespace ias::tool {
namespace {

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

void writeTo(const std::optional<std::string>& path, ByteView data, mode_t mode) {
    if (isStdio(path)) return writeFd(STDOUT_FILENO, data, "standard output");
    const int fd = ::open(path->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) throw ToolError(Exit::InputOutput, "cannot create " + *path + ": " + std::strerror(errno));
    try {
        writeFd(fd, data, *path);
    } catch (...) {
        ::close(fd);
        throw;
    }
    if (::close(fd) != 0)
        throw ToolError(Exit::InputOutput, "cannot write " + *path + ": " + std::strerror(errno));
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
