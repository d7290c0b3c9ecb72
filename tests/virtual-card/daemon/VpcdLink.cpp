#include "VpcdLink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

namespace ias::vcard {

VpcdLink::VpcdLink(std::string host, int port) : host_(std::move(host)), port_(port) {}

VpcdLink::~VpcdLink() {
    close();
}

void VpcdLink::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

bool VpcdLink::connect(const std::atomic<bool>& stop, std::chrono::milliseconds retry) {
    close();
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<std::uint16_t>(port_));
    if (inet_pton(AF_INET, host_.c_str(), &sa.sin_addr) != 1) return false;
    while (!stop) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) return false;
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) == 0) {
            const int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            fd_ = fd;
            return true;
        }
        ::close(fd);
        std::this_thread::sleep_for(retry);
    }
    return false;
}

bool VpcdLink::readExactly(std::uint8_t* out, std::size_t n, const std::atomic<bool>& stop) {
    std::size_t got = 0;
    while (got < n) {
        if (stop) return false;
        const int one = 1;
        setsockopt(fd_, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
        // poll with a timeout so a SIGTERM is noticed even if the signal lands between checks.
        pollfd p{fd_, POLLIN, 0};
        const int r = ::poll(&p, 1, 200);
        if (r == 0 || (r < 0 && errno == EINTR)) continue;
        if (r < 0) return false;
        const ssize_t k = ::recv(fd_, out + got, n - got, 0);
        if (k == 0) return false;
        if (k < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return false;
        }
        got += static_cast<std::size_t>(k);
    }
    return true;
}

std::optional<Bytes> VpcdLink::receive(const std::atomic<bool>& stop) {
    if (fd_ < 0) return std::nullopt;
    std::uint8_t header[2];
    if (!readExactly(header, 2, stop)) return std::nullopt;
    Bytes payload((static_cast<std::size_t>(header[0]) << 8) | header[1]);
    if (!payload.empty() && !readExactly(payload.data(), payload.size(), stop)) return std::nullopt;
    return payload;
}

bool VpcdLink::send(ByteView payload) {
    if (fd_ < 0 || payload.size() > 0xFFFF) return false;
    Bytes frame;
    frame.reserve(payload.size() + 2);
    appendU16(frame, static_cast<std::uint16_t>(payload.size()));
    append(frame, payload);
    std::size_t sent = 0;
    while (sent < frame.size()) {
        const ssize_t k = ::send(fd_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return false;
        sent += static_cast<std::size_t>(k);
    }
    return true;
}

}  // namespace ias::vcard
