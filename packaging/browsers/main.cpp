// ias-browser-policy: registers the PKCS#11 module in Firefox's and Thunderbird's enterprise policies
// (SecurityDevices) for every user, and takes it out again. Called by the package's maintainer scripts
// (docs/packaging.md, "Firefox and Thunderbird"); --root lets the tests work in a throwaway tree.
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <string>
#include <system_error>

#include "PolicyEdit.h"
#include "PolicyFiles.h"

namespace {

using namespace ias::browsers;

const std::string kName = "IAS-ECC";
// The browsers' module shows the authentication token only: Firefox logs in to every token of a module
// before it lists client certificates, and a site's login must not ask for the signature PIN
// (Application::bothTokens says which one each application gets).
const std::string kBrowserModule = IAS_BROWSER_MODULE_PATH;
const std::string kModule = IAS_MODULE_PATH;

const std::string& moduleFor(const Application& app) {
    return app.bothTokens ? kModule : kBrowserModule;
}

void usage(std::ostream& out) {
    out << "usage: ias-browser-policy add|remove|purge [--root DIR]\n"
           "  add     register the module as \""
        << kName
        << "\" in Firefox's and Thunderbird's policies.json\n"
           "          (SecurityDevices.Add): Firefox "
        << kBrowserModule << ",\n          Thunderbird " << kModule
        << "\n"
           "  remove  turn our Add into \"Delete\": [\""
        << kName
        << "\"] (profiles unload it at their next start)\n"
           "  purge   take our entries out; delete the files and directories the helper created, once empty\n"
           "  --root DIR  work under DIR instead of / (tests)\n";
}

// The parser's message quotes what it last read: no raw byte of a broken file reaches the terminal.
std::string printable(std::string text) {
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
    return text;
}

void say(const Application& app, const fs::path& file, const std::string& what) {
    std::cout << app.name << ": " << file.string() << ": " << what << "\n";
}

void process(const fs::path& root, const Application& app, const fs::path& file, const std::string& action,
             Record& record) {
    const fs::path real = underRoot(root, file);
    const std::optional<std::string> before = readFile(real);
    const std::string text = before.value_or("{}\n");
    std::string problem;
    std::optional<PolicyText> doc = PolicyText::parse(text, &problem);
    problem = printable(problem);
    if (!doc) {
        std::cerr << "ias-browser-policy: warning: " << real.string() << " left untouched: " << problem
                  << " (the module is not registered there; see docs/packaging.md)\n";
        say(app, file, "left untouched (" + problem + ")");
        return;
    }
    Created& created = record.of(file);
    doc->created = created.members;
    if (action == "add") doc->add(kName, moduleFor(app));
    if (action == "remove") doc->remove(kName);
    if (action == "purge") doc->purge(kName);

    if (action == "purge" && created.file && doc->empty()) {
        fs::remove(real);
        for (auto dir = created.directories.rbegin(); dir != created.directories.rend(); ++dir)
            if (::rmdir(underRoot(root, *dir).c_str()) != 0) break;  // not empty: the administrator's now
        created = Created{};
        say(app, file, "deleted (the helper had created it)");
        return;
    }
    if (doc->text() == text) {
        created.members = doc->created;
        say(app, file, "unchanged");
    } else {
        std::string why;
        if (!keepsEverythingElse(text, doc->text(), action, kName, moduleFor(app), &why)) {
            std::cerr << "ias-browser-policy: warning: " << real.string() << " left untouched: " << why
                      << " (please report this)\n";
            say(app, file, "left untouched (" + why + ")");
            return;
        }
        if (!before) {
            created.directories = makeDirectories(root, file.parent_path());
            created.file = true;
        }
        replaceAtomically(real, doc->text());
        created.members = doc->created;
        say(app, file, before ? action + ": updated" : action + ": created");
    }
    if (action == "purge") created = Created{};  // nothing of ours is left in it
}

}  // namespace

int main(int argc, char** argv) {
    std::string action;
    fs::path root = "/";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            usage(std::cout);
            return 0;
        }
        if (arg == "--root" && i + 1 < argc)
            root = argv[++i];
        else if (action.empty() && (arg == "add" || arg == "remove" || arg == "purge"))
            action = arg;
        else {
            usage(std::cerr);
            return 2;
        }
    }
    if (action.empty()) {
        usage(std::cerr);
        return 2;
    }
    int status = 0;
    for (const Application& app : applications()) {
        try {
            Record record(root, app);
            if (action == "add") {
                process(root, app, activeFile(root, app).value_or(app.etcFile), action, record);
            } else if (action == "remove") {
                if (const std::optional<fs::path> file = activeFile(root, app))
                    process(root, app, *file, action, record);
                else
                    say(app, app.etcFile, "no policy file: nothing to unload");
            } else {
                for (const fs::path& file : {app.etcFile, app.distributionFile})
                    if (fs::exists(underRoot(root, file))) process(root, app, file, action, record);
            }
            record.save();
        } catch (const std::exception& e) {
            std::cerr << "ias-browser-policy: error: " << app.name << ": " << e.what() << "\n";
            status = 1;
        }
    }
    return status;
}
