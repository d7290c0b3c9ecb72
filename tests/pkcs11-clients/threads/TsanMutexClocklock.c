/* ThreadSanitizer builds only: pthread_mutex_clocklock for the module, made of pthread_mutex_timedlock.
 *
 * libstdc++ 12 implements std::timed_mutex::try_lock_for (steady clock) with pthread_mutex_clocklock, which
 * the TSan runtimes here (GCC 12's libtsan, LLVM 14's) do not intercept (llvm/llvm-project#62623,
 * google/sanitizers#1620): TSan never sees the lock taken and reports its unlock as "unlock of an unlocked
 * mutex" (PcscReaders::waitForChange), and would miss every happens-before edge of that mutex. This
 * executable exports this definition, so the dlopen'ed module binds to it; pthread_mutex_timedlock is
 * intercepted, so TSan checks that mutex like any other. Nothing is suppressed. */
#include <pthread.h>
#include <time.h>

int pthread_mutex_clocklock(pthread_mutex_t* mutex, clockid_t clock, const struct timespec* deadline) {
    struct timespec now, realNow, realDeadline;
    if (clock_gettime(clock, &now) != 0 || clock_gettime(CLOCK_REALTIME, &realNow) != 0)
        return pthread_mutex_lock(mutex);
    /* The same remaining time, measured on the real-time clock pthread_mutex_timedlock uses. */
    long long left =
        (long long)(deadline->tv_sec - now.tv_sec) * 1000000000LL + (deadline->tv_nsec - now.tv_nsec);
    if (left < 0) left = 0;
    long long end = (long long)realNow.tv_nsec + left % 1000000000LL;
    realDeadline.tv_sec = realNow.tv_sec + (time_t)(left / 1000000000LL) + (time_t)(end / 1000000000LL);
    realDeadline.tv_nsec = (long)(end % 1000000000LL);
    return pthread_mutex_timedlock(mutex, &realDeadline);
}
