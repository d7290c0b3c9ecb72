#include "PinReader.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

#include "ExitCode.h"
#include "PinDialog.h"

namespace ias::tool {
namespace {

// The terminal's settings while echo is off, restored by a signal handler too: an interrupted PIN prompt
// must not leave the user's shell without echo.
int gTtyFd = -1;
struct termios gSavedTty;

extern "C" void restoreTtyAndDie(int sig) {
    if (gTtyFd >= 0) tcsetattr(gTtyFd, TCSAFLUSH, &gSavedTty);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

class EchoOff {
public:
    explicit EchoOff(int fd) : fd_(fd) {
        if (tcgetattr(fd, &gSavedTty) != 0) return;
        struct termios quiet = gSavedTty;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        quiet.c_lflag |= ECHONL;
        gTtyFd = fd;
        for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP})
            old_[count_++] = {s, std::signal(s, restoreTtyAndDie)};
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    ~EchoOff() {
        if (gTtyFd >= 0) tcsetattr(fd_, TCSAFLUSH, &gSavedTty);
        gTtyFd = -1;
        for (int i = 0; i < count_; ++i) std::signal(old_[i].sig, old_[i].handler);
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    int fd_;
    struct Saved {
        int sig;
        void (*handler)(int);
    } old_[5]{};
    int count_ = 0;
};

// Reads one line (without its end) into secure memory, one byte at a time so nothing past the line is
// consumed (the next PIN may follow on the same descriptor). Returns false at end of input before any byte.
bool readLine(int fd, SecureBuffer& out) {
    bool any = false;
    for (;;) {
        std::uint8_t c = 0;
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw ToolError(Exit::PinNotGiven, "cannot read the PIN");
        if (n == 0) return any;
        any = true;
        if (c == '\n') break;
        if (out.size() == out.capacity()) {
            out.clear();
            throw ToolError(Exit::PinNotGiven,
                            "PIN longer than " + std::to_string(PinReader::kMaxPinBytes) + " bytes refused");
        }
        out.push_back(c);
        c = 0;
    }
    if (!out.empty() && out[out.size() - 1] == '\r') out.resize(out.size() - 1);
    return true;
}

void writeAll(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace

bool hostPinSource(const Args& args) {
    return args.value("pin-fd") || !args.insecurePins().empty() || args.flag("no-pinpad") ||
           args.flag("pin-dialog");
}

PinReader::PinReader(const Args& args) {
    if (args.flag("pin-dialog") && (args.value("pin-fd") || !args.insecurePins().empty()))
        throw UsageError("--pin-dialog, --pin-fd and --pin-insecure-argv exclude each other");
    if (args.flag("pin-dialog")) {
        source_ = Source::Dialog;
    } else if (!args.insecurePins().empty()) {
        if (args.value("pin-fd")) throw UsageError("--pin-fd and --pin-insecure-argv exclude each other");
        source_ = Source::Argv;
        argvPins_ = &args.insecurePins();
    } else if (auto fd = args.number("pin-fd", 1023)) {
        source_ = Source::Descriptor;
        fd_ = static_cast<int>(*fd);
        if (::fcntl(fd_, F_GETFD) < 0) throw UsageError("--pin-fd " + std::to_string(fd_) + " is not open");
    }
}

SecureBuffer PinReader::read(const std::string& what, const std::string& hint, const PinOnCard& pin) {
    switch (source_) {
        case Source::Dialog:
            return askPinInDialog(pin.card ? pinDialogQuestion(*pin.card, pin.authId, false)
                                           : pinDialogQuestion(false));
        case Source::Argv:
            if (nextArgvPin_ >= argvPins_->size())
                throw ToolError(Exit::PinNotGiven, what + " needed: give one more --pin-insecure-argv");
            return std::move((*argvPins_)[nextArgvPin_++]);
        case Source::Descriptor:
            return fromDescriptor(fd_, what);
        case Source::Terminal:
            break;
    }
    return fromTerminal(what + (hint.empty() ? "" : " (" + hint + ")") + ": ");
}

SecureBuffer PinReader::readNew(const std::string& what, const PinOnCard& pin) {
    if (source_ == Source::Dialog)
        return askPinInDialog(pin.card ? pinDialogQuestion(*pin.card, pin.authId, true)
                                       : pinDialogQuestion(true));
    if (source_ != Source::Terminal) return read(what);
    SecureBuffer first = fromTerminal(what + ": ");
    SecureBuffer again = fromTerminal(what + " again: ");
    if (!first.equals(again.view()))
        throw ToolError(Exit::PinNotGiven, "the two entries differ; nothing changed");
    return first;
}

SecureBuffer PinReader::fromTerminal(const std::string& prompt) {
    const int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (tty < 0)
        throw ToolError(Exit::PinNotGiven,
                        "no terminal to ask for the PIN: give it on a descriptor (--pin-fd N)");
    SecureBuffer pin(kMaxPinBytes);
    bool got = false;
    try {
        EchoOff quiet(tty);
        writeAll(tty, prompt);
        got = readLine(tty, pin);
    } catch (...) {
        ::close(tty);
        throw;
    }
    ::close(tty);
    if (!got) throw ToolError(Exit::PinNotGiven, "PIN entry cancelled");
    return pin;
}

SecureBuffer PinReader::fromDescriptor(int fd, const std::string& what) {
    SecureBuffer pin(kMaxPinBytes);
    if (!readLine(fd, pin))
        throw ToolError(Exit::PinNotGiven,
                        what + " needed: nothing more on descriptor " + std::to_string(fd));
    return pin;
}

std::optional<SecureBuffer> keyPin(const Args& args, PinReader& reader, api::Card& card,
                                   const api::KeyInfo& key) {
    if (args.flag("no-pin") || key.pinAuthId.empty()) return std::nullopt;
    const api::PinInfo* pin = card.application().findPin(key.pinAuthId);
    const std::string name = pin && !pin->label.empty() ? pin->label : "PIN " + toHex(key.pinAuthId);
    return reader.read(name, key.alwaysAuthenticate ? "for this signature" : "for " + key.label,
                       {&card, key.pinAuthId});
}

}  // namespace ias::tool
