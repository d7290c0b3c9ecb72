// registration: where the user's applications would find the module. NSS databases (~/.pki/nssdb for
// Chromium and the NSS tools, every Firefox and Thunderbird profile) list their modules in pkcs11.txt;
// p11-kit reads .module files; Firefox and Thunderbird also load what an enterprise policy
// (SecurityDevices) names at every start. OpenSC's module reads IAS-ECC cards too: when a profile loads
// both, Firefox lists each certificate once (NSS merges them) but asks for the PIN of OpenSC's token as well.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "BrowserPolicies.h"
#include "Checks.h"
#include "NssModules.h"

namespace ias::diag {
namespace fs = std::filesystem;
namespace {

std::string readSmallFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    std::string text = s.str();
    if (text.size() > 1024 * 1024) text.resize(1024 * 1024);
    return text;
}

// Where the dynamic loader (and p11-kit, for its relative module names) would find a library.
bool libraryExists(const std::string& library) {
    if (library.starts_with("/")) return ::access(library.c_str(), R_OK) == 0;
    for (const char* dir : {"/usr/lib/x86_64-linux-gnu/pkcs11/", "/usr/lib/x86_64-linux-gnu/",
                            "/lib/x86_64-linux-gnu/", "/usr/lib/", "/usr/local/lib/"})
        if (::access((std::string(dir) + library).c_str(), R_OK) == 0) return true;
    return false;
}

struct NssDatabase {
    std::string application;  // Firefox, Thunderbird, NSS (Chromium)
    fs::path dir;
};

// The profiles of profiles.ini (Path=, IsRelative=) and any directory next to it that holds an NSS database.
void addProfiles(const fs::path& root, const std::string& application, std::vector<NssDatabase>& out,
                 std::set<fs::path>& seen) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return;
    auto add = [&](const fs::path& dir) {
        const fs::path canonical = fs::weakly_canonical(dir, ec);
        if (seen.insert(canonical).second) out.push_back({application, dir});
    };
    std::istringstream ini(readSmallFile(root / "profiles.ini"));
    std::string line, path;
    bool relative = true;
    auto flush = [&] {
        if (!path.empty()) add(relative ? root / path : fs::path(path));
        path.clear();
        relative = true;
    };
    while (std::getline(ini, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.starts_with("[")) flush();
        if (line.starts_with("Path=")) path = line.substr(5);
        if (line.starts_with("IsRelative=")) relative = line.substr(11) != "0";
    }
    flush();
    for (const fs::directory_entry& e : fs::directory_iterator(root, ec))
        if (e.is_directory(ec) &&
            (fs::exists(e.path() / "pkcs11.txt", ec) || fs::exists(e.path() / "cert9.db", ec)))
            add(e.path());
}

std::vector<NssDatabase> nssDatabases(const std::string& home) {
    std::vector<NssDatabase> out;
    if (home.empty()) return out;  // no home: nothing to look at (never the current directory)
    std::set<fs::path> seen;
    std::error_code ec;
    const fs::path h(home);
    // Chromium's database: ~/.pki/nssdb, or $XDG_DATA_HOME/pki/nssdb when ~/.pki does not exist (recent
    // versions; ias-register-nssdb chooses the same way; the default XDG_DATA_HOME is looked at)
    for (const fs::path& db : {h / ".pki/nssdb", h / ".local/share/pki/nssdb"})
        if (fs::exists(db, ec) && seen.insert(fs::weakly_canonical(db, ec)).second)
            out.push_back({"NSS (Chromium, NSS tools)", db});
    // Firefox ESR 153 makes new profiles under ~/.config/mozilla/firefox; older ones stay in ~/.mozilla
    addProfiles(h / ".config/mozilla/firefox", "Firefox", out, seen);
    addProfiles(h / ".mozilla/firefox", "Firefox", out, seen);
    addProfiles(h / "snap/firefox/common/.mozilla/firefox", "Firefox (snap)", out, seen);
    addProfiles(h / ".thunderbird", "Thunderbird", out, seen);
    return out;
}

std::vector<P11KitModule> p11KitModules(const std::string& home) {
    std::vector<P11KitModule> out;
    std::error_code ec;
    std::vector<fs::path> dirs = {"/usr/share/p11-kit/modules", "/etc/pkcs11/modules"};
    if (!home.empty()) dirs.push_back(fs::path(home) / ".config/pkcs11/modules");
    for (const fs::path& dir : dirs)
        for (const fs::directory_entry& e : fs::directory_iterator(dir, ec))
            if (e.path().extension() == ".module")
                out.push_back(parseP11KitModule(readSmallFile(e.path()), e.path().string()));
    return out;
}

// What the policy file each application really reads says of the module (BrowserPolicies.h). Returns how
// many applications' policies add it.
int reviewPolicies(const DiagOptions& options, CheckResult& r) {
    int adding = 0;
    for (const PolicyLocation& l : policyLocations(options.systemRoot)) {
        for (const std::string& file : l.ignored) {
            const PolicyFacts f = parsePolicies(readSmallFile(options.systemRoot + file));
            r.details.push_back(
                Detail{"policy", {}}.add("application", l.application).add("file", file).add("read", "no"));
            if (f.valid && !f.addsUs.empty())
                r.problem(Status::Warn,
                          trf("%1 registers the module, but %2 does not read that file (%3): move the "
                              "SecurityDevices entry there, or run (as root) %4 add.",
                              {file, l.application, l.read.empty() ? tr("it reads none") : l.read,
                               IAS_BROWSER_POLICY_INSTALLED_PATH}));
        }
        Detail d{"policy", {}};
        d.add("application", l.application).add("file", l.read.empty() ? "(none)" : l.read);
        if (l.read.empty()) {
            r.details.push_back(std::move(d.add("read", "no file")));
            continue;
        }
        d.add("read", "yes");
        // Firefox and Thunderbird run as each user and skip a policy file the user cannot read (an
        // administrator's 0640 file, measured in session 7): every user must be able to read it.
        const std::string path = options.systemRoot + l.read;
        struct stat st {};
        const bool known = ::stat(path.c_str(), &st) == 0;
        const bool readable = ::access(path.c_str(), R_OK) == 0;
        if (!readable || (known && (st.st_mode & S_IROTH) == 0)) {
            char mode[16] = "?";
            if (known) std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
            d.add("mode", mode);
            r.problem(
                Status::Warn,
                trf("%1 reads %2, which not every user may read (mode %3): %1 runs as the user and skips a "
                    "policy file it cannot read, so it does not load the module from there. Run (as "
                    "root) chmod 644 %2.",
                    {l.application, l.read, mode}));
            if (!readable) {
                r.details.push_back(std::move(d.add("security_devices", "unreadable here")));
                continue;
            }
        }
        const PolicyFacts f = parsePolicies(readSmallFile(path));
        if (!f.valid) {
            d.add("security_devices", "invalid: " + f.error);
            r.problem(Status::Warn,
                      trf("%1 reads %2, which is not valid JSON or not a valid policy (%3): %1 ignores every "
                          "policy in it, so it does not load the module from there. Correct the file, then "
                          "run (as root) %4 add.",
                          {l.application, l.read, f.error, IAS_BROWSER_POLICY_INSTALLED_PATH}));
        } else if (!f.addsUs.empty()) {
            ++adding;
            d.add("security_devices", "Add " + f.addsUs.front());
        } else if (f.deletesUs) {
            d.add("security_devices", "Delete " + std::string(kPolicyModuleName));
            r.problem(Status::Warn,
                      trf("%1 reads %2, whose SecurityDevices policy deletes \"%3\" (what removing the "
                          "package leaves): each profile unloads the module at its next start. To load it "
                          "again, run (as root) %4 add.",
                          {l.application, l.read, std::string(kPolicyModuleName),
                           IAS_BROWSER_POLICY_INSTALLED_PATH}));
        } else {
            d.add("security_devices", "nothing of ours");
        }
        if (f.valid && !f.addsOpenSc.empty()) d.add("opensc_added", f.addsOpenSc.front());
        r.details.push_back(std::move(d));
    }
    return adding;
}

}  // namespace

CheckResult checkRegistration(const DiagOptions& options, const Privacy& privacy) {
    CheckResult r{
        "registration", tr("Registration in Firefox, Thunderbird and p11-kit"), Status::Ok, "", "", {}};
    const std::vector<P11KitModule> p11kit = p11KitModules(options.home);
    bool proxyHasUs = false, proxyHasOpenSc = false;
    for (const P11KitModule& m : p11kit) {
        if (m.kind != ModuleKind::Ours && m.kind != ModuleKind::OpenSc) continue;
        r.details.push_back(Detail{"p11-kit", {}}
                                .add("file", privacy.path(m.file))
                                .add("module", m.module)
                                .add("exists", libraryExists(m.module) ? "yes" : "no")
                                .add("in_proxy", m.inProxy ? "yes" : "no"));
        if (m.kind == ModuleKind::Ours) {
            proxyHasUs = proxyHasUs || m.inProxy;
            if (!libraryExists(m.module))
                r.problem(Status::Fail, trf("%1 names %2, which does not exist: reinstall the middleware "
                                            "package.",
                                            {privacy.path(m.file), m.module}));
        }
        if (m.kind == ModuleKind::OpenSc) proxyHasOpenSc = proxyHasOpenSc || m.inProxy;
    }
    const bool p11kitKnowsUs = std::any_of(p11kit.begin(), p11kit.end(),
                                           [](const P11KitModule& m) { return m.kind == ModuleKind::Ours; });
    if (!p11kitKnowsUs)
        r.problem(Status::Warn,
                  tr("p11-kit does not know the module (no .module file names libias-pkcs11.so): "
                     "applications that use p11-kit (GnuTLS, GNOME) do not see the card; the "
                     "package installs /usr/share/p11-kit/modules/ias-ecc.module."));
    const int policiesAddingUs = reviewPolicies(options, r);

    int databases = 0, withUs = 0, duplicates = 0, mozillaProfiles = 0, mozillaWithUs = 0;
    for (const NssDatabase& db : nssDatabases(options.home)) {
        ++databases;
        const bool mozilla =
            db.application.starts_with("Firefox") || db.application.starts_with("Thunderbird");
        mozillaProfiles += mozilla ? 1 : 0;
        const fs::path list = db.dir / "pkcs11.txt";
        Detail d{"nss-database", {}};
        d.add("application", db.application).add("directory", privacy.path(db.dir.string()));
        std::error_code ec;
        if (!fs::exists(list, ec)) {
            d.add("modules", "(no pkcs11.txt yet)");
            r.details.push_back(std::move(d));
            continue;
        }
        bool us = false, opensc = false, bothTokens = false;
        std::string modules;
        for (const NssModule& m : parsePkcs11Txt(readSmallFile(list))) {
            const bool there = libraryExists(m.library);
            modules += (modules.empty() ? "" : "; ") + m.library + (there ? "" : " (missing)");
            if (m.kind == ModuleKind::Ours) {
                us = true;
                bothTokens = bothTokens || oursWithBothTokens(m.library);
                if (!there)
                    r.problem(Status::Fail,
                              trf("%1 (%2 line %3) loads %4, which does not exist: remove it in Settings > "
                                  "Privacy & Security > Security Devices and load the installed module.",
                                  {db.application, privacy.path(list.string()), std::to_string(m.line),
                                   m.library}));
            }
            if (m.kind == ModuleKind::OpenSc) opensc = true;
            if (m.kind == ModuleKind::P11KitProxy) {
                us = us || proxyHasUs;
                opensc = opensc || proxyHasOpenSc;
            }
        }
        d.add("modules", modules.empty() ? "(none)" : modules).add("ias_module", us ? "yes" : "no");
        // A web browser with the module of both tokens logs in to each before it lists client certificates:
        // a site's login asks for the signature PIN too. The package gives browsers the authentication token
        // only (docs/pkcs11.md, "Two modules"); Thunderbird keeps both, to sign mail.
        if (bothTokens && !db.application.starts_with("Thunderbird")) {
            d.add("ias_tokens", "both");
            r.problem(Status::Warn,
                      trf("%1 (%2) loads %3, the module with both tokens: a site that asks for your "
                          "certificate then asks for the signature PIN too. Browsers need only %4, the "
                          "module with the authentication token, which the package registers: %5.",
                          {db.application, privacy.path(db.dir.string()), "libias-pkcs11.so",
                           "libias-pkcs11-auth.so",
                           mozilla ? tr("in Settings > Privacy & Security > Security Devices, unload it and "
                                        "load /usr/lib/x86_64-linux-gnu/pkcs11/libias-pkcs11-auth.so")
                                   : trf("close Chromium, run modutil -dbdir sql:%1 -delete \"<its name "
                                         "there>\", then ias-register-nssdb --enable",
                                         {privacy.path(db.dir.string())})}));
        }
        if (us && opensc) {
            ++duplicates;
            d.add("opensc_too", "yes");
            // What the package did about it (docs/packaging.md, "Living beside OpenSC"): nothing to OpenSC,
            // whose module may serve the user's other cards and whose pkcs11-register adds it again at every
            // login; measured, NSS lists each certificate once, and a page asks once more, for OpenSC's
            // token.
            r.problem(
                Status::Warn,
                trf("%1 (%2) loads OpenSC's module as well as this one, and both read IAS-ECC cards: "
                    "each certificate is listed once, but a page that asks for your certificate asks "
                    "for the PIN once more, for OpenSC's token (its name ends in \"(Auth PIN)\"), and "
                    "a wrong PIN typed there costs a try too. The middleware package leaves OpenSC in "
                    "place (it may serve your other cards). Cancel that second prompt; or, if this card "
                    "is the only one you use, %3 and keep Debian's pkcs11-register from adding it again "
                    "at your next login: copy /etc/xdg/autostart/pkcs11-register.desktop to "
                    "~/.config/autostart/ and end its Exec line with %4.",
                    {db.application, privacy.path(db.dir.string()),
                     mozilla ? tr("remove OpenSC in Settings > Privacy & Security > Security Devices")
                             : trf("close Chromium and run modutil -dbdir sql:%1 -delete \"<OpenSC's "
                                   "name there>\"",
                                   {privacy.path(db.dir.string())}),
                     mozilla ? "--skip-firefox --skip-thunderbird" : "--skip-chrome"}));
        }
        withUs += us ? 1 : 0;
        mozillaWithUs += (us && mozilla) ? 1 : 0;
        r.details.push_back(std::move(d));
    }
    if (mozillaProfiles > mozillaWithUs && policiesAddingUs == 0)
        r.problem(Status::Warn,
                  trf("Some Firefox/Thunderbird profiles do not load the module: in Settings > Privacy & "
                      "Security > Security Devices > Load, give %1 (or: modutil -dbdir sql:PROFILE -add "
                      "\"IAS-ECC\" -libfile %1).",
                      {options.modulePath}));
    r.finding =
        trf("%1 NSS database(s), %2 load the module", {std::to_string(databases), std::to_string(withUs)}) +
        (duplicates ? trf(", %1 also load OpenSC's", {std::to_string(duplicates)}) : std::string()) +
        (policiesAddingUs == 0 ? "" : tr("; an enterprise policy registers it")) +
        (p11kitKnowsUs ? tr("; p11-kit knows it") : tr("; p11-kit does not know it"));
    return r;
}

}  // namespace ias::diag
