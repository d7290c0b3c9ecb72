#include "ias/api/ConfigurationFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ias/api/ApiError.h"

namespace ias::api {
namespace {

constexpr std::size_t kMaxConfigBytes = 1 << 20;

}  // namespace

std::optional<SecureBuffer> readConfigurationFile(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return std::nullopt;
        throw ApiError(ApiErrorKind::Configuration, file.string() + ": " + std::strerror(errno));
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
        static_cast<std::size_t>(st.st_size) > kMaxConfigBytes)
        throw ApiError(ApiErrorKind::Configuration, file.string() + ": not a regular file of at most 1 MiB");
    SecureBuffer text(static_cast<std::size_t>(st.st_size));
    text.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < text.size()) {
        const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw ApiError(ApiErrorKind::Configuration, file.string() + ": read failed");
        got += static_cast<std::size_t>(n);
    }
    return text;
}

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

void forEachSetting(std::string_view text, std::string_view prefix,
                    const std::function<void(const ConfigurationSetting&)>& setting,
                    const std::function<void(std::size_t line)>& malformed) {
    std::size_t lineNo = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = trimmed(text.substr(pos, end - pos));
        pos = end + 1;
        ++lineNo;
        const auto eq = line.find('=');
        if (eq == std::string_view::npos && malformed && !line.empty() && line.front() != '#')
            malformed(lineNo);
        if (!line.starts_with(prefix) || eq == std::string_view::npos) continue;
        setting(ConfigurationSetting{trimmed(line.substr(0, eq)), trimmed(line.substr(eq + 1)), lineNo});
    }
}

}  // namespace ias::api
