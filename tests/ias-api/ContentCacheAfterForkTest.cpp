// fork() while another thread holds the content cache's lock: the child (the PKCS#11 module's child after
// fork(), which must C_Initialize again) still uses the cache — empty, with a lock of its own — instead of
// waiting forever for the copy of a lock that no thread of the child will release. A parent thread copies
// a large cache over and over (each copy holds the lock for tens of milliseconds), so the fork happens while
// the lock is held; a child stuck on it dies of SIGALRM, which fails the test.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "ias/api/ContentCache.h"

namespace ias::api {
namespace {

TEST(ContentCacheAfterFork, AChildUsesItWhileAParentThreadHeldTheLock) {
    ContentCache cache;
    for (int i = 0; i < 20000; ++i) cache.put("card", "entry " + std::to_string(i), Bytes(1024, 0x5A));
    std::atomic<bool> copying{false}, stop{false};
    std::thread copier([&] {
        while (!stop) {
            copying = true;
            (void)cache.entries("card");  // ~20 MB copied under the lock
        }
    });
    while (!copying) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));

    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        alarm(60);  // a hang guard: the child's few calls take microseconds
        // The child's cache starts empty (what the parent kept may be half-written) and works.
        if (cache.get("card", "entry 1")) _exit(1);
        cache.put("card", "child", Bytes{1, 2, 3});
        const auto back = cache.get("card", "child");
        _exit(back && *back == Bytes{1, 2, 3} && cache.size() == 1 ? 0 : 2);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    stop = true;
    copier.join();
    EXPECT_FALSE(WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        << "the child waited for the parent's cache lock";
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "child status " << status;
    // The parent's cache is untouched.
    EXPECT_EQ(cache.size(), 20000u);
    EXPECT_FALSE(cache.get("card", "child"));
}

}  // namespace
}  // namespace ias::api
