#pragma once
// Which policies.json each application really reads, what the helper created (kept under
// /var/lib/ias-ecc/browser-policy/), and the atomic replacement of a file.
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <sys/stat.h>

namespace ias::browsers {

namespace fs = std::filesystem;

struct Application {
    std::string name;           // firefox, thunderbird
    fs::path etcFile;           // read when it exists, and then the distribution file is ignored
    fs::path distributionFile;  // read only when the /etc file does not exist
    // Gets the module with both tokens (Thunderbird signs mail with the signature key), else the browsers'
    // module with the authentication token only (docs/pkcs11.md, "Two modules").
    bool bothTokens = false;
};
const std::vector<Application>& applications();

// A path as the installed system sees it, placed under the test root.
fs::path underRoot(const fs::path& root, const fs::path& path);

// The file the application reads: the /etc one if it exists, else the distribution one if it exists, else
// nothing (the /etc one would be created).
std::optional<fs::path> activeFile(const fs::path& root, const Application& app);

// What the helper created in one file: the file itself, its directories, and containers inside it.
struct Created {
    bool file = false;
    std::vector<std::string> directories;  // outermost first
    std::set<std::string> members;         // "policies", "policies/SecurityDevices", …
};

class Record {
public:
    Record(fs::path root, const Application& app);
    Created& of(const fs::path& file) { return files_[file.string()]; }
    // Writes the record, or deletes it (and its empty directories) when it holds nothing.
    void save() const;

private:
    fs::path root_, path_;
    std::map<std::string, Created> files_;
};

// Creates the missing directories of `dir` (mode 0755), returning those it created, outermost first.
std::vector<std::string> makeDirectories(const fs::path& root, const fs::path& dir);

// Replaces `file` with `text`: a temporary file in the same directory, the old file's mode and owner (0644
// and the caller's for a new file), fsync, rename, fsync of the directory. Throws std::system_error.
void replaceAtomically(const fs::path& file, const std::string& text);

std::optional<std::string> readFile(const fs::path& file);

}  // namespace ias::browsers
