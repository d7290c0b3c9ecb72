#include "DiagRun.h"

#include <glib.h>

#include <atomic>
#include <memory>
#include <thread>

#include "Diagnosis.h"

namespace ias::diaggtk {
namespace {

std::atomic<int> inFlight{0};

// Runs `what` once on the main loop (g_idle_add is safe from any thread).
void onMainLoop(std::function<void()> what) {
    auto* held = new std::function<void()>(std::move(what));
    g_idle_add_full(
        G_PRIORITY_DEFAULT,
        +[](gpointer data) -> gboolean {
            (*static_cast<std::function<void()>*>(data))();
            return G_SOURCE_REMOVE;
        },
        held, +[](gpointer data) { delete static_cast<std::function<void()>*>(data); });
}

class Poster : public ias::diag::DiagObserver {
public:
    explicit Poster(std::shared_ptr<const RunEvents> events) : events_(std::move(events)) {}
    void started(const std::string& id, const std::string& title) override {
        onMainLoop([e = events_, id, title] { e->started(id, title); });
    }
    void finished(const ias::diag::CheckResult& result) override {
        onMainLoop([e = events_, result] { e->finished(result); });
    }

private:
    std::shared_ptr<const RunEvents> events_;
};

}  // namespace

void startRun(const ias::diag::DiagOptions& options, RunEvents events) {
    auto shared = std::make_shared<const RunEvents>(std::move(events));
    ++inFlight;
    std::thread([options, shared] {
        Poster poster(shared);
        ias::diag::Report report = ias::diag::diagnose(options, &poster);
        onMainLoop([shared, report = std::move(report)] {
            --inFlight;
            shared->done(report);
        });
    }).detach();
}

int runsInFlight() {
    return inFlight.load();
}

}  // namespace ias::diaggtk
