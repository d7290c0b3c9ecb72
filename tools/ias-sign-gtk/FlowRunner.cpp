#include "FlowRunner.h"

#include <glib.h>

namespace ias::signgtk {

struct FlowRunner::Post {
    FlowRunner* runner;
    FlowOutcome outcome;
};

FlowRunner::~FlowRunner() {
    if (worker_.joinable()) worker_.join();
}

void FlowRunner::start(std::function<FlowOutcome()> job, Done done) {
    if (busy_) return;
    if (worker_.joinable()) worker_.join();  // the last one has posted its outcome: it has ended
    busy_ = true;
    done_ = std::move(done);
    worker_ = std::thread([this, job = std::move(job)] {
        auto* post = new Post{this, job()};
        g_idle_add_once(
            +[](gpointer data) {
                std::unique_ptr<Post> p(static_cast<Post*>(data));
                p->runner->busy_ = false;
                p->runner->done_(std::move(p->outcome));
            },
            post);
    });
}

}  // namespace ias::signgtk
