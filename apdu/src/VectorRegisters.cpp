#include "ias/apdu/VectorRegisters.h"

namespace ias {

void clearVectorRegisters() noexcept {
#if defined(__x86_64__)
    // VZEROALL clears ymm0-15 whole (AVX); without AVX the 128-bit xmm registers are all there is. Neither
    // instruction touches general registers or memory.
    // clang-format off
    if (__builtin_cpu_supports("avx")) {
        __asm__ volatile("vzeroall"
            ::: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
                "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
    } else {
        __asm__ volatile(
            "xorps %%xmm0, %%xmm0\n\t"   "xorps %%xmm1, %%xmm1\n\t"   "xorps %%xmm2, %%xmm2\n\t"
            "xorps %%xmm3, %%xmm3\n\t"   "xorps %%xmm4, %%xmm4\n\t"   "xorps %%xmm5, %%xmm5\n\t"
            "xorps %%xmm6, %%xmm6\n\t"   "xorps %%xmm7, %%xmm7\n\t"   "xorps %%xmm8, %%xmm8\n\t"
            "xorps %%xmm9, %%xmm9\n\t"   "xorps %%xmm10, %%xmm10\n\t" "xorps %%xmm11, %%xmm11\n\t"
            "xorps %%xmm12, %%xmm12\n\t" "xorps %%xmm13, %%xmm13\n\t" "xorps %%xmm14, %%xmm14\n\t"
            "xorps %%xmm15, %%xmm15"
            ::: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10",
                "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
    }
    // clang-format on
#endif
}

}  // namespace ias
