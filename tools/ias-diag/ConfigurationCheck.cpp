// configuration: the middleware's configuration file (IAS_ECC_CONF, else /etc/ias-ecc/ias-ecc.conf) read
// with the reader the middleware uses (ias/api/ConfigurationFile.h), judged line by line
// (ConfigurationReview.cpp), and the persistent cache directory (docs/performance.md, "Persistent cache"):
// the module uses it only when it is a directory owned by the user, and keeps it 0700.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "ConfigurationCheck.h"
#include "ias/api/ConfigurationFile.h"
#include "ias/api/ContentCache.h"
#include "ias/api/SmKeyStore.h"

namespace ias::diag {
namespace {

void checkCacheDirectory(const Privacy& privacy, CheckResult& r) {
    const std::string dir = api::persistentCacheDirectory();
    Detail d{"cache", {}};
    if (dir.empty()) {
        d.add("directory", "none").add("state", "persistent cache off");
        r.details.push_back(std::move(d));
        return;
    }
    d.add("directory", privacy.path(dir));
    struct stat st {};
    if (::lstat(dir.c_str(), &st) != 0) {
        d.add("state", "not created yet (made 0700 at the module's first use)");
    } else if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) {
        d.add("state", S_ISLNK(st.st_mode) ? "a symbolic link" : "not a directory");
        r.problem(Status::Warn, trf("%1 is not a directory: the module keeps no card content between starts "
                                    "(slower). Remove it: rm %1.",
                                    {privacy.path(dir)}));
    } else if (st.st_uid != ::geteuid()) {
        d.add("state", "owned by user " + std::to_string(st.st_uid));
        r.problem(Status::Warn, trf("%1 belongs to another user: the module does not use it. Remove it "
                                    "(sudo rm -r %1).",
                                    {privacy.path(dir)}));
    } else if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        d.add("state", std::string("mode ") + mode);
        r.problem(Status::Warn, trf("%1 is open to other users (mode %2): make it private: chmod 700 %1.",
                                    {privacy.path(dir), mode}));
    } else {
        d.add("state", "ok (0700, ours)");
    }
    r.details.push_back(std::move(d));
}

}  // namespace

CheckResult checkConfiguration(const DiagOptions& options, EffectiveSettings& settings) {
    CheckResult r{"configuration", tr("Configuration"), Status::Ok, "", "", {}};
    const Privacy privacy(options.anonymise, options.home);
    const std::string path = api::SmKeyStore::configPath().string();
    const char* env = std::getenv("IAS_ECC_CONF");
    Detail file{"file", {}};
    file.add("path", privacy.path(path)).add("named_by", env && *env ? "IAS_ECC_CONF" : "default");
    std::optional<SecureBuffer> text;
    try {
        text = api::readConfigurationFile(path);
    } catch (const std::exception& e) {
        file.add("state", "unreadable");
        r.details.push_back(std::move(file));
        r.finding = trf("the configuration file cannot be read: %1", {e.what()});
        r.problem(Status::Fail, trf("Make it readable (sudo chmod 644 %1) or remove it: without it the "
                                    "defaults apply, with it unreadable the signature PIN (secure messaging) "
                                    "does not work.",
                                    {privacy.path(path)}));
        checkCacheDirectory(privacy, r);
        return r;
    }
    if (!text) {
        file.add("state", "absent (defaults apply)");
        r.details.push_back(std::move(file));
        const ConfigurationReview defaults = reviewConfiguration("", path);
        settings = defaults.settings;
        r.details.insert(r.details.end(), defaults.shown.begin(), defaults.shown.end());
        r.finding = trf("no configuration file (%1): defaults", {privacy.path(path)});
        checkCacheDirectory(privacy, r);
        return r;
    }
    const ConfigurationReview review = reviewConfiguration(
        std::string_view(reinterpret_cast<const char*>(text->data()), text->size()), path);
    settings = review.settings;
    file.add("state", "read").add("sm_keysets", std::to_string(review.smKeysets));
    r.details.push_back(std::move(file));
    r.details.insert(r.details.end(), review.shown.begin(), review.shown.end());
    for (const ConfigurationProblem& p : review.problems) {
        r.details.push_back(
            Detail{"problem", {}}.add("line", std::to_string(p.line)).add("message", p.message));
        r.problem(Status::Warn,
                  trf("%1 line %2: %3.", {privacy.path(path), std::to_string(p.line), p.message}));
    }
    r.finding = review.problems.empty() ? trf("%1: all settings understood", {privacy.path(path)})
                                        : trf("%1: %2 line(s) not understood (first: line %3)",
                                              {privacy.path(path), std::to_string(review.problems.size()),
                                               std::to_string(review.problems.front().line)});
    checkCacheDirectory(privacy, r);
    return r;
}

}  // namespace ias::diag
