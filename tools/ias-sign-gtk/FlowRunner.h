#pragma once
// One action at a time off GTK's thread: the card and the document's hashing run on a worker, and the
// outcome is handed to GTK's main loop (g_idle_add), so the window never waits for the card or the disk.
#include <functional>
#include <memory>
#include <thread>

#include "SignFlows.h"

namespace ias::signgtk {

class FlowRunner {
public:
    using Done = std::function<void(FlowOutcome)>;

    FlowRunner() = default;
    ~FlowRunner();  // joins the worker (an open PIN dialog is answered or closed first)
    FlowRunner(const FlowRunner&) = delete;
    FlowRunner& operator=(const FlowRunner&) = delete;

    bool busy() const { return busy_; }
    // Runs `job` on a new worker; `done` is called on GTK's main loop with its outcome. Not while busy().
    void start(std::function<FlowOutcome()> job, Done done);

private:
    struct Post;
    bool busy_ = false;  // GTK thread only
    std::thread worker_;
    Done done_;
};

}  // namespace ias::signgtk
