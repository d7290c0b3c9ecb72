#pragma once
// A real card's time per APDU, roughly: a fixed cost plus a cost per byte on the wire (command + response).
#include <chrono>
#include <cstddef>
#include <thread>

namespace ias::vcard {

struct LatencyModel {
    double fixedMs = 0;
    double perByteMs = 0;

    std::chrono::microseconds delay(std::size_t commandBytes, std::size_t responseBytes) const {
        const double ms = fixedMs + perByteMs * static_cast<double>(commandBytes + responseBytes);
        return std::chrono::microseconds(static_cast<long long>(ms * 1000.0));
    }
    void wait(std::size_t commandBytes, std::size_t responseBytes) const {
        const auto d = delay(commandBytes, responseBytes);
        if (d.count() > 0) std::this_thread::sleep_for(d);
    }
};

}  // namespace ias::vcard
