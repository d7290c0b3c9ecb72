#pragma once
// The card's end of vpcd's TCP protocol (testbed-facts.md): the card is the TCP client; every message is a
// 2-byte big-endian length and a payload. A 1-byte payload from vpcd is a control code, a longer one a
// command APDU.
#include <atomic>
#include <chrono>
#include <optional>
#include <string>

#include "ias/apdu/Bytes.h"

namespace ias::vcard {

class VpcdLink {
public:
    VpcdLink(std::string host, int port);
    ~VpcdLink();
    VpcdLink(const VpcdLink&) = delete;
    VpcdLink& operator=(const VpcdLink&) = delete;

    // Connects, retrying every `retry` until vpcd listens; false when `stop` became true first.
    bool connect(const std::atomic<bool>& stop, std::chrono::milliseconds retry);
    // The next message; nullopt on EOF, socket error or when `stop` became true. TCP_QUICKACK is re-armed
    // before every read: vpcd sends length and payload in two writes with Nagle on, and a delayed ACK
    // would cost ~40 ms per APDU.
    std::optional<Bytes> receive(const std::atomic<bool>& stop);
    // One frame in one write (TCP_NODELAY is set), so vpcd never waits for a second segment.
    bool send(ByteView payload);
    void close();
    bool connected() const { return fd_ >= 0; }

private:
    bool readExactly(std::uint8_t* out, std::size_t n, const std::atomic<bool>& stop);
    std::string host_;
    int port_;
    int fd_ = -1;
};

}  // namespace ias::vcard
