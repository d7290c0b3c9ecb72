#pragma once
// A step that talks to pcscd or the card runs on its own thread and is waited for at most `limit`: pcscd,
// a reader driver or a card that never answers (vpcd has no read timeout) must not hang the report. A step
// that is still running at the limit is abandoned on its thread — it owns what it uses through shared
// pointers — and the process ends with _exit so that nothing waits for it (abandonedSteps()).
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <thread>

namespace ias::diag {

// How many steps were abandoned in this process.
int abandonedSteps();
void noteAbandonedStep();

// The step's result, or nullopt when it did not finish within `limit`. Exceptions of the step are rethrown.
template <typename T>
std::optional<T> runBounded(std::chrono::milliseconds limit, std::function<T()> step) {
    auto task = std::make_shared<std::packaged_task<T()>>(std::move(step));
    std::future<T> result = task->get_future();
    std::thread worker([task] { (*task)(); });
    if (result.wait_for(limit) != std::future_status::ready) {
        worker.detach();
        noteAbandonedStep();
        return std::nullopt;
    }
    worker.join();
    return result.get();
}

}  // namespace ias::diag
