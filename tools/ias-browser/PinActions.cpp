#include "PinActions.h"

#include <glib.h>

#include <memory>
#include <vector>

#include "ThisProcess.h"

namespace ias::browser {
namespace {

// A program of the middleware: next to this one (installed: bin/), or in its build-tree directory, else
// from PATH.
std::string companionProgram(const std::string& name) {
    const std::string self = diag::selfExecutable();
    const std::string dir = self.substr(0, self.rfind('/'));
    for (const std::string& candidate : {dir + "/" + name, dir + "/../" + name + "/" + name})
        if (g_file_test(candidate.c_str(), G_FILE_TEST_IS_EXECUTABLE)) return candidate;
    return name;
}

bool spawn(std::vector<std::string> args, const std::string& language, GPid* child, std::string& error) {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // The child speaks the window's language (ias-pinentry and ias-pin-change read LANGUAGE).
    gchar** env = g_get_environ();
    if (!language.empty()) env = g_environ_setenv(env, "LANGUAGE", language.c_str(), TRUE);
    GError* e = nullptr;
    GSpawnFlags flags = G_SPAWN_SEARCH_PATH;
    if (child != nullptr) flags = static_cast<GSpawnFlags>(flags | G_SPAWN_DO_NOT_REAP_CHILD);
    const bool ok = g_spawn_async(nullptr, argv.data(), env, flags, nullptr, nullptr, child, &e);
    g_strfreev(env);
    if (!ok) {
        error = e != nullptr ? e->message : "?";
        g_clear_error(&e);
    }
    return ok;
}

}  // namespace

bool startPinChange(const std::string& reader, const std::string& authIdHex, const std::string& language,
                    std::string& error) {
    std::vector<std::string> args{companionProgram("ias-pin-change"), "--reader", reader, "--pin-id",
                                  authIdHex};
    if (!language.empty()) {
        args.push_back("--lang");
        args.push_back(language);
    }
    return spawn(args, language, nullptr, error);
}

bool startPinTest(const std::string& reader, const std::string& authIdHex, const std::string& language,
                  std::function<void(int exitStatus)> done, std::string& error) {
    GPid child = 0;
    if (!spawn({companionProgram("ias-tool"), "--reader", reader, "pin", "verify", "--pin-id", authIdHex,
                "--pin-dialog"},
               language, &child, error))
        return false;
    using Done = std::function<void(int)>;
    g_child_watch_add(
        child,
        +[](GPid pid, gint status, gpointer data) {
            std::unique_ptr<Done> then(static_cast<Done*>(data));
            g_spawn_close_pid(pid);
            (*then)(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        },
        new Done(std::move(done)));
    return true;
}

}  // namespace ias::browser
