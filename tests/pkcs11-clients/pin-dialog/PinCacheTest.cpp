// The PIN cache of a card connection: off by default, a SecureBuffer per PIN, forgotten on request and
// after its lifetime.
#include "PinCache.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace ias::p11 {
namespace {

TEST(PinCache, DisabledKeepsNothing) {
    PinCache cache(false, std::chrono::seconds(60));
    cache.remember(0, SecureBuffer::copyOf(std::string_view("1234")));
    EXPECT_EQ(cache.find(0), nullptr);
    EXPECT_TRUE(cache.empty());
}

TEST(PinCache, KeepsACopyPerPinUntilForgotten) {
    PinCache cache(true, std::chrono::seconds(60));
    {
        const SecureBuffer pin = SecureBuffer::copyOf(std::string_view("1234"));
        cache.remember(0, pin);
    }
    const SecureBuffer* kept = cache.find(0);
    ASSERT_NE(kept, nullptr);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(kept->data()), kept->size()), "1234");
    EXPECT_EQ(cache.find(1), nullptr);
    cache.forget(0, "logout");
    EXPECT_EQ(cache.find(0), nullptr);
    EXPECT_TRUE(cache.empty());
}

TEST(PinCache, ExpiresAfterItsLifetime) {
    PinCache cache(true, std::chrono::seconds(1));
    const auto before = std::chrono::steady_clock::now();
    cache.remember(0, SecureBuffer::copyOf(std::string_view("1234")));
    const bool found = cache.find(0) != nullptr;
    // Asserted only when the clock proves the look was inside the lifetime (a loaded machine may not be).
    if (std::chrono::steady_clock::now() - before < std::chrono::seconds(1)) {
        EXPECT_TRUE(found);
    }
    // At least the lifetime has passed: guaranteed by the sleep, whatever the load.
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    EXPECT_EQ(cache.find(0), nullptr);
    EXPECT_TRUE(cache.empty());
}

}  // namespace
}  // namespace ias::p11
