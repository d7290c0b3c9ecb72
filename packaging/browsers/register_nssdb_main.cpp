// ias-register-nssdb: registers the IAS-ECC PKCS#11 module in the user's own NSS database, the one Chromium
// reads (it reads no system-wide list), once; run at every login by
// /etc/xdg/autostart/ias-register-nssdb.desktop. It only calls NSS's own tools (certutil, modutil, from
// libnss3-tools) in order. See ias-register-nssdb(1) and docs/packaging.md, "Chromium".
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "Spawn.h"

namespace {

namespace fs = std::filesystem;
using ias::browsers::onPath;
using ias::browsers::spawnAndRead;

const std::string kName = "IAS-ECC";

void usage(std::ostream& out, const std::string& module) {
    out << "usage: ias-register-nssdb [--remove | --enable | --status] [--module PATH]\n"
           "  (no option)  add the IAS-ECC module to your NSS database (Chromium) unless it is there or you\n"
           "               opted out\n"
           "  --remove     take it out and opt out: it is not added again at the next login\n"
           "  --enable     clear the opt-out and add it now\n"
           "  --status     say where your database is, whether the module is in it, whether you opted out\n"
           "  --module PATH  the module's file (default "
        << module << ")\n";
}

void say(const std::string& text) {
    std::cout << "ias-register-nssdb: " << text << "\n";
}

// XDG base directories: only absolute values count (the specification's rule).
fs::path xdg(const char* variable, const fs::path& fallback) {
    const char* value = std::getenv(variable);
    return value != nullptr && value[0] == '/' ? fs::path(value) : fallback;
}

void writeNote(const fs::path& file, const std::string& text) {
    fs::create_directories(file.parent_path());
    std::ofstream(file) << text;
}

std::string readFirstLine(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}

struct Database {
    fs::path dir;
    std::string module;

    std::string spec() const { return "sql:" + dir.string(); }
    bool exists() const { return fs::exists(dir / "cert9.db") && fs::exists(dir / "pkcs11.txt"); }
    // The module list, read without loading any module (-list would load each one, ours and OpenSC's
    // included, and reach pcscd at every login).
    std::string rawList() const { return spawnAndRead({"modutil", "-dbdir", spec(), "-rawlist"}).out; }
    bool hasOurLibrary() const { return rawList().find("library=\"" + module + "\"") != std::string::npos; }
    bool hasOurName() const { return rawList().find("name=\"" + kName + "\"") != std::string::npos; }
};

bool ran(const std::vector<std::string>& argv) {
    if (spawnAndRead(argv).status == 0) return true;
    std::cerr << "ias-register-nssdb: " << argv[0] << " failed\n";
    return false;
}

int run(int argc, char** argv) {
    std::string module = IAS_MODULE_PATH;
    std::string action = "register";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--remove" || arg == "--enable" || arg == "--status")
            action = arg.substr(2);
        else if (arg == "--module" && i + 1 < argc)
            module = argv[++i];
        else if (arg == "-h" || arg == "--help") {
            usage(std::cout, module);
            return 0;
        } else {
            usage(std::cerr, module);
            return 2;
        }
    }
    const char* homeVariable = std::getenv("HOME");
    if (homeVariable == nullptr || homeVariable[0] == '\0') {
        std::cerr << "ias-register-nssdb: HOME is not set\n";
        return 1;
    }
    const fs::path home = homeVariable;
    const fs::path config = xdg("XDG_CONFIG_HOME", home / ".config") / "ias-ecc";
    const fs::path optOut = config / "nssdb-opt-out";
    const fs::path registered = config / "nssdb-registered";
    // Chromium's database: ~/.pki/nssdb, or $XDG_DATA_HOME/pki/nssdb when ~/.pki does not exist (recent
    // versions).
    std::error_code ec;
    const Database db{fs::is_directory(home / ".pki", ec)
                          ? home / ".pki/nssdb"
                          : xdg("XDG_DATA_HOME", home / ".local/share") / "pki/nssdb",
                      module};
    if (!onPath("modutil") || !onPath("certutil")) {
        say("modutil and certutil (package libnss3-tools) are not installed: nothing done");
        return 0;
    }
    const std::string optOutText =
        "Remove this file, or run ias-register-nssdb --enable, to have it added again.\n";

    if (action == "status") {
        say("database: " + db.dir.string() + (db.exists() ? "" : " (not created yet)"));
        say(db.exists() && db.hasOurLibrary() ? "module: registered (" + module + ")"
                                              : "module: not registered");
        if (fs::exists(optOut, ec)) say("opted out (" + optOut.string() + "): not added at login");
        return 0;
    }
    if (action == "remove") {
        if (db.exists() && db.hasOurName()) {
            if (!ran({"modutil", "-dbdir", db.spec(), "-delete", kName, "-force"})) return 1;
            say("removed " + kName + " from " + db.dir.string());
        }
        writeNote(optOut, "Written by ias-register-nssdb --remove: the IAS-ECC module is not added to " +
                              db.dir.string() + " at login.\n" + optOutText);
        fs::remove(registered, ec);
        say("opted out: " + optOut.string());
        return 0;
    }
    if (action == "enable") fs::remove(optOut, ec);

    if (fs::exists(optOut, ec)) {
        say("opted out (" + optOut.string() + "): nothing done");
        return 0;
    }
    if (!fs::is_regular_file(module, ec)) {
        say(module + " is not installed: nothing done");
        return 0;
    }
    if (!db.exists()) {
        fs::remove(registered,
                   ec);  // a new database: what was removed from the old one says nothing about it
        fs::create_directories(db.dir.parent_path());
        ::mkdir(db.dir.c_str(), 0700);  // the user's keys will live there
        if (!ran({"certutil", "-N", "-d", db.spec(), "--empty-password"})) return 1;
        say("created " + db.dir.string());
    }
    if (db.hasOurLibrary()) {
        if (!fs::exists(registered, ec)) writeNote(registered, db.dir.string() + "\n");
        return 0;
    }
    if (fs::exists(registered, ec) && readFirstLine(registered) == db.dir.string()) {
        // Added here before and gone now: the user took it out. Never add it again behind their back.
        writeNote(optOut, "Written by ias-register-nssdb: the IAS-ECC module was removed from " +
                              db.dir.string() + " after it had been added.\n" + optOutText);
        fs::remove(registered, ec);
        say("the module was removed from " + db.dir.string() +
            ": not added again (ias-register-nssdb --enable to undo)");
        return 0;
    }
    if (db.hasOurName()) {
        say(db.dir.string() + " has another module named " + kName + ": left alone");
        return 0;
    }
    // FRIENDLY: the card's certificates are public; without the flag NSS logs in to every token (both PINs
    // asked) before it lists client certificates (docs/pkcs11.md, "What the clients showed"). NSS stores it
    // per slot present now (slotParams): it holds only when a reader with the card is there at this moment.
    if (!ran({"modutil", "-dbdir", db.spec(), "-add", kName, "-libfile", module, "-mechanisms", "FRIENDLY",
              "-force"}))
        return 1;
    writeNote(registered, db.dir.string() + "\n");
    say("added " + kName + " (" + module + ") to " + db.dir.string());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        // A directory or file that cannot be made: said, never a crash at login.
        std::cerr << "ias-register-nssdb: " << e.what() << "\n";
        return 1;
    }
}
