#pragma once
// Whether a test may fork() while other threads run, under the sanitizer this build uses. ThreadSanitizer
// does not support it (its own state in the child). Under AddressSanitizer a child may hang on the ASan
// allocator's lock, which GCC 12's libasan does not take across fork (seen in 2 of 10 runs of
// ForkWhileSigning, docs/pkcs11.md); IAS_FORK_UNDER_ASAN=1 runs such tests anyway. The normal build runs them.
#include <cstdlib>

namespace ias::p11::cardtest {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif

#if defined(__SANITIZE_THREAD__)
inline constexpr bool kThreadSanitizer = true;  // GCC's -fsanitize=thread
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
inline constexpr bool kThreadSanitizer = true;  // clang's
#else
inline constexpr bool kThreadSanitizer = false;
#endif
#else
inline constexpr bool kThreadSanitizer = false;
#endif

// Null when the test may fork with threads running, else why not.
inline const char* forkWithThreadsSkipReason() {
    if (kThreadSanitizer) return "fork() with running threads is not supported under ThreadSanitizer";
    if (kAddressSanitizer && std::getenv("IAS_FORK_UNDER_ASAN") == nullptr)
        return "a forked child of a threaded process may hang on the AddressSanitizer allocator's lock; "
               "IAS_FORK_UNDER_ASAN=1 runs it";
    return nullptr;
}

}  // namespace ias::p11::cardtest
