#pragma once
// A private X display (Xvfb, first free display number) and session bus for one test, with the xdotool and
// import steps the tests need. The test's environment points at them while the session lives.
#include <chrono>
#include <string>

#include "support/Processes.h"

namespace ias::pinui::test {

class GuiSession {
public:
    GuiSession();
    ~GuiSession();
    GuiSession(const GuiSession&) = delete;
    GuiSession& operator=(const GuiSession&) = delete;

    bool ready() const { return !display_.empty() && !bus_.announced().empty(); }
    const std::string& display() const { return display_; }
    // The X server still answers.
    bool alive() const;

    // The id of the window whose title is exactly `title`, once it is mapped; empty after `limit`.
    std::string waitForWindow(const std::string& title,
                              std::chrono::milliseconds limit = std::chrono::seconds(60)) const;
    bool windowExists(const std::string& title) const;
    // True once no window has this title any more (within `limit`; the defaults are hang guards).
    bool waitForWindowGone(const std::string& title,
                           std::chrono::milliseconds limit = std::chrono::seconds(60)) const;

    void type(const std::string& window, const std::string& text) const;
    void key(const std::string& window, const std::string& keyName) const;
    // PNG of the window in the screenshot directory; returns its path.
    std::string screenshot(const std::string& window, const std::string& name) const;

private:
    Announcing xvfb_;
    Announcing bus_;
    std::string display_;
};

}  // namespace ias::pinui::test
