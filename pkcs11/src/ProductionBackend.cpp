// The backend of the production module. Until the ias-api adapter binds the module to the card layer, the
// module shows no readers: it loads, initialises and answers, but offers no token.
#include "TokenBackend.h"

#include <condition_variable>
#include <mutex>

namespace ias::p11 {
namespace {

class NoReadersBackend : public TokenBackend {
public:
    std::vector<ReaderStatus> readers() override { return {}; }
    bool waitForChange(std::chrono::milliseconds timeout) override {
        std::unique_lock<std::mutex> lk(m_);
        cv_.wait_for(lk, timeout, [this] { return cancelled_; });
        return false;
    }
    void cancelWait() override {
        std::lock_guard<std::mutex> lk(m_);
        cancelled_ = true;
        cv_.notify_all();
    }
    std::unique_ptr<CardConnection> connect(const std::string&) override {
        throw BackendError(BackendErrc::NoCard, "no card layer bound");
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    bool cancelled_ = false;
};

}  // namespace

std::unique_ptr<TokenBackend> makeTokenBackend() {
    return std::make_unique<NoReadersBackend>();
}

}  // namespace ias::p11
