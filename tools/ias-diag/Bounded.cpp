#include "Bounded.h"

#include <atomic>

namespace ias::diag {
namespace {
std::atomic<int> abandoned{0};
}

int abandonedSteps() {
    return abandoned.load();
}

void noteAbandonedStep() {
    ++abandoned;
}

}  // namespace ias::diag
