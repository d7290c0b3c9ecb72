#include "AnswerChannel.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <string>

namespace ias::pinui::dialog {

namespace {

bool g_answered = false;

bool writeAll(const std::uint8_t* data, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
        ssize_t n = ::write(STDOUT_FILENO, data + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

std::optional<PinRequest> readRequest() {
    std::string text;
    constexpr std::size_t kLimit = 4096;
    while (text.size() < kLimit) {
        char c;
        ssize_t n = ::read(STDIN_FILENO, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text.push_back(c);
        if (c == '\n' && text.size() >= 4 && text.compare(text.size() - 4, 4, "END\n") == 0 &&
            (text.size() == 4 || text[text.size() - 5] == '\n')) {
            break;
        }
    }
    try {
        return decodeRequest(text);
    } catch (const ProtocolError&) {
        answerLine("ERROR bad request\n");
        return std::nullopt;
    }
}

bool answerPin(ByteView pin) {
    if (g_answered) return false;
    g_answered = true;
    SecureBuffer line(3 + pin.size() + 1);
    static constexpr std::uint8_t kOk[] = {'O', 'K', ' '};
    line.append(ByteView(kOk, sizeof kOk));
    line.append(pin);
    line.push_back('\n');
    return writeAll(line.data(), line.size());
}

bool answerLine(std::string_view text) {
    // SHOWN is a notice, not the answer: a PIN-pad window says it once it is on screen.
    bool final = text != "SHOWN\n";
    if (g_answered) return false;
    if (final) g_answered = true;
    return writeAll(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

bool answered() {
    return g_answered;
}

void closeAnswerChannel() {
    ::shutdown(STDOUT_FILENO, SHUT_WR);  // a socket: the peer's stdin side stays usable
    int devnull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (devnull >= 0) {
        ::dup2(devnull, STDOUT_FILENO);
        ::close(devnull);
    }
}

}  // namespace ias::pinui::dialog
