#include "GuiSession.h"

#include <cstdlib>
#include <filesystem>
#include <thread>

namespace ias::pinui::test {

namespace {

std::string firstLine(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

std::string exactTitle(const std::string& title) {
    return "^" + title + "$";
}

}  // namespace

GuiSession::GuiSession() {
    // -noreset: by default the server resets when its last client leaves, and drops a client (the next
    // dialog) that connects during the reset: "cannot open display" one run in twenty under load.
    xvfb_ =
        Announcing({XVFB, "-displayfd", "3", "-noreset", "-screen", "0", "1024x768x24", "-nolisten", "tcp"},
                   std::chrono::seconds(60));
    if (xvfb_.announced().empty()) return;
    display_ = ":" + xvfb_.announced();
    ::setenv("DISPLAY", display_.c_str(), 1);
    ::unsetenv("WAYLAND_DISPLAY");
    // The cairo renderer draws the same everywhere (no GL under Xvfb).
    ::setenv("GSK_RENDERER", "cairo", 1);
    // A bus of our own: GTK wants one (application registration, accessibility), and without one GLib would
    // autolaunch a daemon that outlives the test.
    bus_ = Announcing({DBUS_DAEMON, "--session", "--nofork", "--nopidfile", "--print-address=3"},
                      std::chrono::seconds(60));
    if (!bus_.announced().empty()) ::setenv("DBUS_SESSION_BUS_ADDRESS", bus_.announced().c_str(), 1);
    std::filesystem::create_directories(IAS_PINUI_SHOTS);
}

GuiSession::~GuiSession() {
    bus_.stop();
    xvfb_.stop();
    ::unsetenv("DISPLAY");
    ::unsetenv("DBUS_SESSION_BUS_ADDRESS");
}

std::string GuiSession::waitForWindow(const std::string& title, std::chrono::milliseconds limit) const {
    auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        RunResult r = run({XDOTOOL, "search", "--onlyvisible", "--name", exactTitle(title)});
        std::string id = firstLine(r.out);
        if (r.exitStatus == 0 && !id.empty()) return id;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return {};
}

bool GuiSession::alive() const {
    return run({XDOTOOL, "getmouselocation"}).exitStatus == 0;
}

bool GuiSession::windowExists(const std::string& title) const {
    RunResult r = run({XDOTOOL, "search", "--onlyvisible", "--name", exactTitle(title)});
    return r.exitStatus == 0 && !firstLine(r.out).empty();
}

bool GuiSession::waitForWindowGone(const std::string& title, std::chrono::milliseconds limit) const {
    auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (!windowExists(title)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

void GuiSession::type(const std::string& window, const std::string& text) const {
    run({XDOTOOL, "windowfocus", "--sync", window});
    run({XDOTOOL, "type", "--delay", "40", text});
}

void GuiSession::key(const std::string& window, const std::string& keyName) const {
    run({XDOTOOL, "windowfocus", "--sync", window});
    run({XDOTOOL, "key", keyName});
}

std::string GuiSession::screenshot(const std::string& window, const std::string& name) const {
    // Let GTK finish drawing (the entry's cursor, a late relayout) before the picture.
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    std::string path = std::string(IAS_PINUI_SHOTS) + "/" + name + ".png";
    run({IMPORT, "-window", window, path});
    return path;
}

}  // namespace ias::pinui::test
