// The persistent cache file: format, private directory, atomic replacement (CacheFile.h).
//
// Format: "IASECC-CACHE\x01\n", u32 number of records, per record u32 number of entries, per entry u16
// name length, name, u32 content length, content; then the SHA-256 of everything before it. All integers
// big-endian. The digest catches truncation and damage; the owner and mode checks keep out files another
// user could have placed.
#include "CacheFile.h"

#include <fcntl.h>
#include <openssl/sha.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace ias::api::detail {
namespace {

constexpr char kMagic[] = "IASECC-CACHE\x01\n";
constexpr std::size_t kMagicSize = sizeof kMagic - 1;
constexpr std::size_t kMaxFileBytes = 1u << 20;
constexpr std::size_t kMaxEntries = 512;
constexpr std::size_t kMaxName = 256;

void putU32(Bytes& out, std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
}

struct Reader {
    ByteView in;
    std::size_t pos = 0;
    bool ok = true;
    std::uint32_t number(std::size_t bytes) {
        if (!ok || in.size() - pos < bytes) return ok = false, 0;
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < bytes; ++i) v = (v << 8) | in[pos++];
        return v;
    }
    ByteView take(std::size_t n) {
        if (!ok || in.size() - pos < n) return ok = false, ByteView{};
        const ByteView v = in.subspan(pos, n);
        pos += n;
        return v;
    }
};

// The directory, created 0700 when missing; unusable (empty) when it is not ours or not a directory.
bool usableDirectory(const std::string& dir) {
    if (dir.empty()) return false;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);  // parents as the umask says (XDG wants ~/.cache 0700)
    struct stat st {};
    if (::lstat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != ::geteuid()) return false;
    if ((st.st_mode & 077) != 0 && ::chmod(dir.c_str(), 0700) != 0) return false;
    return true;
}

Bytes readPrivateFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return {};
    Bytes data;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() && (st.st_mode & 077) == 0 &&
        st.st_size > 0 && static_cast<std::size_t>(st.st_size) <= kMaxFileBytes) {
        data.resize(static_cast<std::size_t>(st.st_size));
        std::size_t got = 0;
        while (got < data.size()) {
            const ssize_t n = ::read(fd, data.data() + got, data.size() - got);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += static_cast<std::size_t>(n);
        }
        if (got != data.size()) data.clear();
    }
    ::close(fd);
    return data;
}

void writeAtomically(const std::string& dir, const std::string& name, const Bytes& data) {
    std::string tmp = dir + "/." + name + ".XXXXXX";
    const int fd = ::mkstemp(tmp.data());  // 0600
    if (fd < 0) return;
    bool ok = ::fchmod(fd, 0600) == 0;
    std::size_t done = 0;
    while (ok && done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            ok = false;
        else
            done += static_cast<std::size_t>(n);
    }
    ok = ::close(fd) == 0 && ok;
    if (!ok || ::rename(tmp.c_str(), (dir + "/" + name).c_str()) != 0) ::unlink(tmp.c_str());
}

}  // namespace

std::string cacheFileName(ByteView atr) {
    std::uint8_t digest[SHA256_DIGEST_LENGTH];
    SHA256(atr.data(), atr.size(), digest);
    return "card-" + toHex(ByteView(digest, 12)) + ".cache";
}

Bytes encodeCacheRecords(const std::vector<CacheRecord>& records) {
    Bytes out(kMagic, kMagic + kMagicSize);
    putU32(out, static_cast<std::uint32_t>(records.size()));
    for (const CacheRecord& r : records) {
        putU32(out, static_cast<std::uint32_t>(r.size()));
        for (const auto& [name, content] : r) {
            out.push_back(static_cast<std::uint8_t>(name.size() >> 8));
            out.push_back(static_cast<std::uint8_t>(name.size()));
            out.insert(out.end(), name.begin(), name.end());
            putU32(out, static_cast<std::uint32_t>(content.size()));
            out.insert(out.end(), content.begin(), content.end());
        }
    }
    std::uint8_t digest[SHA256_DIGEST_LENGTH];
    SHA256(out.data(), out.size(), digest);
    out.insert(out.end(), digest, digest + sizeof digest);
    return out;
}

std::vector<CacheRecord> decodeCacheRecords(ByteView file) {
    if (file.size() < kMagicSize + 4 + SHA256_DIGEST_LENGTH || file.size() > kMaxFileBytes) return {};
    if (std::memcmp(file.data(), kMagic, kMagicSize) != 0) return {};
    const ByteView body = file.first(file.size() - SHA256_DIGEST_LENGTH);
    std::uint8_t digest[SHA256_DIGEST_LENGTH];
    SHA256(body.data(), body.size(), digest);
    if (std::memcmp(digest, file.data() + body.size(), sizeof digest) != 0) return {};
    Reader r{body, kMagicSize};
    const std::uint32_t count = r.number(4);
    if (count > kMaxCachedCards) return {};
    std::vector<CacheRecord> out;
    for (std::uint32_t i = 0; r.ok && i < count; ++i) {
        CacheRecord record;
        const std::uint32_t entries = r.number(4);
        if (entries > kMaxEntries) return {};
        for (std::uint32_t e = 0; r.ok && e < entries; ++e) {
            const std::size_t nameLen = r.number(2);
            if (nameLen == 0 || nameLen > kMaxName) return {};
            const ByteView name = r.take(nameLen);
            const ByteView content = r.take(r.number(4));
            if (r.ok) record[std::string(name.begin(), name.end())] = Bytes(content.begin(), content.end());
        }
        out.push_back(std::move(record));
    }
    if (!r.ok || r.pos != body.size()) return {};
    return out;
}

std::vector<CacheRecord> loadCacheRecords(const std::string& dir, ByteView atr) {
    if (!usableDirectory(dir)) return {};
    return decodeCacheRecords(view(readPrivateFile(dir + "/" + cacheFileName(atr))));
}

namespace {
bool sameIdentity(const CacheRecord& r, const std::string& name, ByteView identity) {
    const auto it = r.find(name);
    return it != r.end() && view(it->second).size() == identity.size() &&
           std::equal(identity.begin(), identity.end(), it->second.begin());
}
}  // namespace

void storeCacheRecord(const std::string& dir, ByteView atr, const CacheRecord& record,
                      const std::string& identityName) noexcept {
    try {
        const auto id = record.find(identityName);
        if (id == record.end() || !usableDirectory(dir)) return;
        std::vector<CacheRecord> records{record};
        for (CacheRecord& r : loadCacheRecords(dir, atr))
            if (!sameIdentity(r, identityName, view(id->second)) && records.size() < kMaxCachedCards)
                records.push_back(std::move(r));
        const Bytes data = encodeCacheRecords(records);
        if (data.size() <= kMaxFileBytes) writeAtomically(dir, cacheFileName(atr), data);
    } catch (...) {
    }
}

void eraseCacheRecord(const std::string& dir, ByteView atr, const std::string& identityName,
                      ByteView identity) noexcept {
    try {
        std::vector<CacheRecord> records = loadCacheRecords(dir, atr);
        const auto before = records.size();
        std::erase_if(records, [&](const CacheRecord& r) { return sameIdentity(r, identityName, identity); });
        if (records.size() != before) writeAtomically(dir, cacheFileName(atr), encodeCacheRecords(records));
    } catch (...) {
    }
}

}  // namespace ias::api::detail
