#pragma once
// The reader's side of the vpcd wire protocol (testbed-facts.md): the virtual card connects to a TCP port
// the reader listens on; every message is a 2-byte big-endian length and a payload; 1-byte payloads from
// the reader are control codes (00 off, 01 on, 02 reset, 04 ATR), longer ones are APDUs. Unlike vpcd, every
// wait for the card has a time limit, so a stopped card never hangs pcscd.
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

namespace ias::pinpad {

class CardLink {
public:
    ~CardLink();
    bool listen(int port);  // 127.0.0.1:port
    void close();
    // Accepts a waiting card (non-blocking) when none is connected, then asks it for its ATR.
    bool present();
    bool powerUp();
    bool reset();
    void powerDown();
    const std::vector<std::uint8_t>& atr() const { return atr_; }
    // One APDU and its answer; nullopt when the card went away.
    std::optional<std::vector<std::uint8_t>> exchange(const std::vector<std::uint8_t>& apdu);

private:
    int listenFd_ = -1;
    int cardFd_ = -1;
    std::vector<std::uint8_t> atr_;
    bool send(const std::uint8_t* data, std::size_t size);
    std::optional<std::vector<std::uint8_t>> receive();
    bool control(std::uint8_t code);
    bool readAtr();
    void dropCard();
};

}  // namespace ias::pinpad
