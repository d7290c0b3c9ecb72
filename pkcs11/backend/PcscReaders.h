#pragma once
// Readers and card presence from PC/SC status alone (never an APDU): SCardListReaders and
// SCardGetStatusChange on contexts of its own, so a blocking wait never holds up a status query, and
// SCardCancel releases the wait at C_Finalize. pcscd missing or gone: an empty list, retried later.
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "TokenBackend.h"

namespace ias::p11 {

class PcscReaders {
public:
    PcscReaders() = default;
    ~PcscReaders();
    PcscReaders(const PcscReaders&) = delete;
    PcscReaders& operator=(const PcscReaders&) = delete;

    // Readers with presence and pcsc-lite's event counter (high 16 bits of the event state), which changes
    // with every insertion and removal: a stable `insertion` value while one card stays in.
    std::vector<ReaderStatus> readers();
    bool waitForChange(std::chrono::milliseconds timeout);
    void cancelWait();

private:
    using Context = std::int64_t;  // SCARDCONTEXT (long on pcsc-lite)

    std::mutex statusMutex_;
    Context statusContext_ = 0;
    bool statusValid_ = false;
    std::map<std::string, unsigned long> lastStates_;  // dwEventState of the last readers()

    std::timed_mutex waitMutex_;  // one blocking wait at a time on the wait context
    std::mutex cancelMutex_;      // guards waitContext_ handle and cancelled_
    Context waitContext_ = 0;
    bool waitValid_ = false;
    bool cancelled_ = false;

    std::vector<std::string> listReaders(Context context, bool& serviceGone);
};

}  // namespace ias::p11
