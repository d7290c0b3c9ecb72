#include "PolicyFiles.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

namespace ias::browsers {
namespace {

[[noreturn]] void fail(const std::string& what) {
    throw std::system_error(errno, std::generic_category(), what);
}

// Where the record lives on the installed system.
const fs::path kRecordDir = "/var/lib/ias-ecc/browser-policy";

}  // namespace

const std::vector<Application>& applications() {
    static const std::vector<Application> apps = {
        {"firefox", "/etc/firefox/policies/policies.json", "/usr/lib/firefox-esr/distribution/policies.json",
         false},
        {"thunderbird", "/etc/thunderbird/policies/policies.json",
         "/usr/lib/thunderbird/distribution/policies.json", true},
    };
    return apps;
}

fs::path underRoot(const fs::path& root, const fs::path& path) {
    return root / path.relative_path();
}

std::optional<fs::path> activeFile(const fs::path& root, const Application& app) {
    std::error_code ec;
    if (fs::exists(underRoot(root, app.etcFile), ec)) return app.etcFile;
    if (fs::exists(underRoot(root, app.distributionFile), ec)) return app.distributionFile;
    return std::nullopt;
}

Record::Record(fs::path root, const Application& app)
    : root_(std::move(root)), path_(underRoot(root_, kRecordDir / (app.name + ".json"))) {
    const std::optional<std::string> text = readFile(path_);
    if (!text) return;
    const nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
    if (!doc.is_object()) return;  // a damaged record: forget it (at worst a container of ours stays)
    for (const auto& [file, entry] : doc.items()) {
        Created& c = files_[file];
        c.file = entry.value("created_file", false);
        c.directories = entry.value("created_directories", std::vector<std::string>{});
        c.members = entry.value("created_members", std::set<std::string>{});
    }
}

void Record::save() const {
    nlohmann::json doc = nlohmann::json::object();
    for (const auto& [file, c] : files_)
        if (c.file || !c.directories.empty() || !c.members.empty())
            doc[file] = {{"created_file", c.file},
                         {"created_directories", c.directories},
                         {"created_members", c.members}};
    std::error_code ec;
    if (doc.empty()) {
        fs::remove(path_, ec);
        for (fs::path dir = path_.parent_path(); dir != underRoot(root_, "/var/lib"); dir = dir.parent_path())
            if (!fs::remove(dir, ec)) break;  // not empty (or not there): stop
        return;
    }
    makeDirectories(root_, kRecordDir);
    replaceAtomically(path_, doc.dump(2) + "\n");
}

std::vector<std::string> makeDirectories(const fs::path& root, const fs::path& dir) {
    std::vector<std::string> made;
    fs::path path = "/";
    for (const fs::path& step : dir.relative_path()) {
        path /= step;
        const fs::path real = underRoot(root, path);
        if (::mkdir(real.c_str(), 0755) == 0)
            made.push_back(path.string());
        else if (errno != EEXIST)
            fail("cannot create " + real.string());
    }
    return made;
}

void replaceAtomically(const fs::path& file, const std::string& text) {
    struct stat old {};
    const bool existed = ::stat(file.c_str(), &old) == 0;
    std::string temp = (file.parent_path() / ("." + file.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(temp.data());
    if (fd < 0) fail("cannot create a temporary file next to " + file.string());
    auto cleanup = [&](const std::string& what) {
        const int saved = errno;
        ::close(fd);
        ::unlink(temp.c_str());
        errno = saved;
        fail(what);
    };
    for (std::size_t done = 0; done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) cleanup("cannot write " + temp);
        done += static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, existed ? (old.st_mode & 07777) : 0644) != 0) cleanup("cannot set the mode of " + temp);
    if (existed && ::fchown(fd, old.st_uid, old.st_gid) != 0) cleanup("cannot set the owner of " + temp);
    if (::fsync(fd) != 0) cleanup("cannot sync " + temp);
    if (::close(fd) != 0) {
        ::unlink(temp.c_str());
        fail("cannot close " + temp);
    }
    if (::rename(temp.c_str(), file.c_str()) != 0) {
        const int saved = errno;
        ::unlink(temp.c_str());
        errno = saved;
        fail("cannot replace " + file.string());
    }
    const int dir = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY);
    if (dir >= 0) {
        ::fsync(dir);  // the rename itself reaches the disk
        ::close(dir);
    }
}

std::optional<std::string> readFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace ias::browsers
