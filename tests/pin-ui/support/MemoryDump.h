#pragma once
// Memory of a running process, as the acceptance reads it: a core taken with gdb's gcore, searched
// for a secret; and the locked-memory figure from /proc.
#include <sys/types.h>
#include <cstddef>
#include <string>

namespace ias::pinui::test {

// False when gdb's gcore is not installed (the tests that need it skip).
bool gcoreAvailable();

// True in an AddressSanitizer build: its terabytes of reserved shadow memory make a full core (gcore -a)
// impossible, and the processes under test are built the same way, so the dump tests skip.
constexpr bool kSanitizedBuild =
#if defined(__SANITIZE_ADDRESS__)
    true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    true;
#else
    false;
#endif
#else
    false;
#endif

// Writes <prefix>.<pid> with gcore; returns its path, empty when gcore failed.
std::string dumpCore(pid_t pid, const std::string& prefix);

// Occurrences of `needle` in the file.
std::size_t countOccurrences(const std::string& path, const std::string& needle);

// VmLck of the process in kB; -1 when unreadable.
long lockedKilobytes(pid_t pid);

// "abc" → "a\0b\0c\0": how a UTF-16 copy (accessibility, a toolkit's wide strings) would hold it.
std::string utf16le(const std::string& ascii);

}  // namespace ias::pinui::test
