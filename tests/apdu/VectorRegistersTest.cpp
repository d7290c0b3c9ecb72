// clearVectorRegisters leaves no byte of what SIMD code had in xmm15 (where libsodium's BLAKE2b left a PIN).
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "ias/apdu/VectorRegisters.h"

#if defined(__x86_64__)
namespace {

// In their own functions, not inlined, so that nothing of the compiler's between them writes xmm15.
__attribute__((noinline)) void loadXmm15(const std::uint8_t* bytes16) {
    __asm__ volatile("movdqu (%0), %%xmm15" : : "r"(bytes16) : "xmm15", "memory");
}

__attribute__((noinline)) std::array<std::uint8_t, 16> readXmm15() {
    std::array<std::uint8_t, 16> out{};
    __asm__ volatile("movdqu %%xmm15, (%0)" : : "r"(out.data()) : "memory");
    return out;
}

}  // namespace

TEST(VectorRegisters, Xmm15HoldsWhatWasLoadedUntilCleared) {
    const std::uint8_t pin[16] = {'7', '3', '9', '1', '5', '8', '6', '4', 0x80, 0, 0, 0, 0, 0, 0, 0};
    loadXmm15(pin);
    const std::array<std::uint8_t, 16> before = readXmm15();
    EXPECT_EQ(std::memcmp(before.data(), pin, 16), 0)
        << "the probe cannot see xmm15: the test proves nothing";

    loadXmm15(pin);
    ias::clearVectorRegisters();
    const std::array<std::uint8_t, 16> after = readXmm15();
    EXPECT_EQ(after, (std::array<std::uint8_t, 16>{}));
}
#endif
