#include "CardLink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace ias::pinpad {
namespace {

constexpr int kAnswerTimeoutMs = 30000;  // the longest a card may think (RSA generation included)

bool readExactly(int fd, std::uint8_t* out, std::size_t n) {
    std::size_t got = 0;
    while (got < n) {
        pollfd p{fd, POLLIN, 0};
        const int r = ::poll(&p, 1, kAnswerTimeoutMs);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return false;
        const ssize_t k = ::recv(fd, out + got, n - got, 0);
        if (k < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (k <= 0) return false;
        got += static_cast<std::size_t>(k);
    }
    return true;
}

}  // namespace

CardLink::~CardLink() {
    close();
}

bool CardLink::listen(int port) {
    close();
    listenFd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (listenFd_ < 0) return false;
    const int one = 1;
    setsockopt(listenFd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<std::uint16_t>(port));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listenFd_, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0 ||
        ::listen(listenFd_, 4) != 0) {
        close();
        return false;
    }
    return true;
}

void CardLink::close() {
    dropCard();
    if (listenFd_ >= 0) ::close(listenFd_);
    listenFd_ = -1;
}

void CardLink::dropCard() {
    if (cardFd_ >= 0) ::close(cardFd_);
    cardFd_ = -1;
    atr_.clear();
}

bool CardLink::send(const std::uint8_t* data, std::size_t size) {
    if (cardFd_ < 0 || size > 0xFFFF) return false;
    std::vector<std::uint8_t> frame;
    frame.reserve(size + 2);
    frame.push_back(static_cast<std::uint8_t>(size >> 8));
    frame.push_back(static_cast<std::uint8_t>(size));
    frame.insert(frame.end(), data, data + size);
    std::size_t sent = 0;
    bool ok = true;
    while (sent < frame.size()) {
        const ssize_t k = ::send(cardFd_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            ok = false;
            break;
        }
        sent += static_cast<std::size_t>(k);
    }
    // The frame may hold a PIN block.
    explicit_bzero(frame.data(), frame.size());
    return ok;
}

std::optional<std::vector<std::uint8_t>> CardLink::receive() {
    std::uint8_t header[2];
    if (cardFd_ < 0 || !readExactly(cardFd_, header, 2)) return std::nullopt;
    std::vector<std::uint8_t> payload((static_cast<std::size_t>(header[0]) << 8) | header[1]);
    if (payload.empty()) return std::nullopt;  // a zero-length answer means the card was removed
    if (!readExactly(cardFd_, payload.data(), payload.size())) return std::nullopt;
    return payload;
}

bool CardLink::control(std::uint8_t code) {
    if (!send(&code, 1)) {
        dropCard();
        return false;
    }
    return true;
}

bool CardLink::readAtr() {
    if (!control(0x04)) return false;
    auto atr = receive();
    if (!atr || atr->size() > 33) {
        dropCard();
        return false;
    }
    atr_ = std::move(*atr);
    return true;
}

bool CardLink::present() {
    if (cardFd_ < 0 && listenFd_ >= 0) {
        const int fd = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) return false;
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        cardFd_ = fd;
    }
    return readAtr();
}

bool CardLink::powerUp() {
    return present() && control(0x01) && readAtr();
}

bool CardLink::reset() {
    return cardFd_ >= 0 && control(0x02) && readAtr();
}

void CardLink::powerDown() {
    if (cardFd_ >= 0) control(0x00);
}

std::optional<std::vector<std::uint8_t>> CardLink::exchange(const std::vector<std::uint8_t>& apdu) {
    if (apdu.size() < 4 || !send(apdu.data(), apdu.size())) {
        dropCard();
        return std::nullopt;
    }
    auto answer = receive();
    if (!answer || answer->size() < 2) {
        dropCard();
        return std::nullopt;
    }
    return answer;
}

}  // namespace ias::pinpad
