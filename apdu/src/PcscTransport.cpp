#include "ias/apdu/PcscTransport.h"

#include "PcscPinPad.h"

#include <chrono>

#include "ias/apdu/PcscCall.h"

#include <winscard.h>
#include <wintypes.h>

namespace ias {

namespace {
// Largest answer of one SCardTransmit: 65536 data bytes (extended Le 0000) and SW1 SW2.
constexpr std::size_t kReceiveCapacity = 65536 + 2;
constexpr DWORD kBothProtocols = SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1;

std::string describe(const std::string& what, LONG rc) {
    return what + ": " + pcsc_stringify_error(rc);
}

// The one place where PC/SC return codes become typed errors.
[[noreturn]] void throwPcsc(const std::string& what, LONG rc) {
    switch (rc) {
        case SCARD_W_REMOVED_CARD:
        case SCARD_E_NO_SMARTCARD:
            throw CardRemovedError(describe(what, rc), rc);
        case SCARD_W_RESET_CARD:
            throw CardResetError(describe(what, rc), rc);
        case SCARD_E_NO_SERVICE:
        case SCARD_E_SERVICE_STOPPED:
        case SCARD_E_READER_UNAVAILABLE:
        case SCARD_E_UNKNOWN_READER:
        case SCARD_E_NO_READERS_AVAILABLE:
            throw ReaderUnavailableError(describe(what, rc), rc);
        default:
            throw TransportError(describe(what, rc), rc);
    }
}

void check(const std::string& what, LONG rc) {
    if (rc != SCARD_S_SUCCESS) throwPcsc(what, rc);
}

bool removalCode(LONG rc) {
    return rc == SCARD_W_REMOVED_CARD || rc == SCARD_E_NO_SMARTCARD;
}

// How long a failed command waits for pcscd to notice that the card left: it polls a reader about every
// 400 ms, and until then the reader still reports the card present. 3 s (seven polls), not 1 s: on a loaded
// machine pcscd's poll can come late, and a removal must not turn into a communication fault; the wait
// costs that long only for a real fault with the card still in the reader.
constexpr DWORD kRemovalNoticeMs = 3000;

// True when the card left the reader. A card pulled out mid-command first shows as a communication failure
// (SCARD_E_NOT_TRANSACTED, SCARD_F_COMM_ERROR, a short answer …) while PC/SC still reports it present: ask
// the reader's state and, while it still says present, wait for pcscd's next look at the reader (at most
// kRemovalNoticeMs), so that a removal is reported as one and never as a communication fault.
bool cardLeft(SCARDCONTEXT context, SCARDHANDLE card, const std::string& reader) {
    DWORD state = 0, active = 0, atrLength = 0;
    const LONG status =
        pcsc([&] { return SCardStatus(card, nullptr, nullptr, &state, &active, nullptr, &atrLength); });
    if (removalCode(status) || (status == SCARD_S_SUCCESS && (state & SCARD_ABSENT) != 0)) return true;
    const auto gone = [](DWORD s) {
        return (s & (SCARD_STATE_EMPTY | SCARD_STATE_MUTE)) != 0 || (s & SCARD_STATE_PRESENT) == 0;
    };
    SCARD_READERSTATE r{};
    r.szReader = reader.c_str();
    r.dwCurrentState = SCARD_STATE_UNAWARE;
    if (pcsc([&] { return SCardGetStatusChange(context, 0, &r, 1); }) != SCARD_S_SUCCESS) return false;
    if (gone(r.dwEventState)) return true;
    const DWORD insertion = r.dwEventState & 0xFFFF0000u;  // pcsc-lite's event counter
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kRemovalNoticeMs);
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        // Any change wakes us (another application's use of the card too): look again until the deadline.
        r.dwCurrentState = r.dwEventState & ~SCARD_STATE_CHANGED;
        const LONG waited =
            pcsc([&] { return SCardGetStatusChange(context, static_cast<DWORD>(left.count()), &r, 1); });
        if (waited != SCARD_S_SUCCESS) return false;  // timeout: still there, a real communication fault
        if (gone(r.dwEventState) || (r.dwEventState & 0xFFFF0000u) != insertion) return true;
    }
}

// A command to the card failed with `rc`: removal as CardRemovedError, anything else as PC/SC said.
[[noreturn]] void commandFailed(const std::string& what, LONG rc, SCARDCONTEXT context, SCARDHANDLE card,
                                const std::string& reader) {
    if (removalCode(rc) || rc == SCARD_W_RESET_CARD || rc == SCARD_E_NO_SERVICE ||
        rc == SCARD_E_SERVICE_STOPPED || rc == SCARD_E_READER_UNAVAILABLE || rc == SCARD_E_UNKNOWN_READER)
        throwPcsc(what, rc);
    throwPcsc(what, cardLeft(context, card, reader) ? SCARD_W_REMOVED_CARD : rc);
}

Protocol toProtocol(DWORD active) {
    if (active == SCARD_PROTOCOL_T0) return Protocol::T0;
    if (active == SCARD_PROTOCOL_T1) return Protocol::T1;
    throw TransportError("PC/SC: card runs neither T=0 nor T=1");
}
}  // namespace

PcscContext::PcscContext() {
    SCARDCONTEXT ctx = 0;
    const LONG rc = pcsc([&] { return SCardEstablishContext(SCARD_SCOPE_USER, nullptr, nullptr, &ctx); });
    if (rc != SCARD_S_SUCCESS) {
        // Whatever the code, without a context there is no reader to talk to.
        if (rc == SCARD_E_NO_MEMORY) throw TransportError(describe("SCardEstablishContext", rc), rc);
        throw ReaderUnavailableError(describe("SCardEstablishContext", rc), rc);
    }
    handle_ = ctx;
}

PcscContext::~PcscContext() {
    pcsc([&] { return SCardReleaseContext(handle_); });
}

std::vector<std::string> PcscContext::listReaders() const {
    // The list can grow between the size query and the read: retry a few times on a short buffer.
    for (int attempt = 0; attempt < 5; ++attempt) {
        DWORD length = 0;
        LONG rc = pcsc([&] { return SCardListReaders(handle_, nullptr, nullptr, &length); });
        if (rc == SCARD_E_NO_READERS_AVAILABLE) return {};
        check("SCardListReaders", rc);
        std::string names(length, '\0');
        rc = pcsc([&] { return SCardListReaders(handle_, nullptr, names.data(), &length); });
        if (rc == SCARD_E_NO_READERS_AVAILABLE) return {};
        if (rc == SCARD_E_INSUFFICIENT_BUFFER) continue;
        check("SCardListReaders", rc);
        names.resize(std::min<std::size_t>(length, names.size()));
        // A multi-string: names separated by NUL, ended by an empty name.
        std::vector<std::string> readers;
        std::size_t pos = 0;
        while (pos < names.size()) {
            const std::size_t end = names.find('\0', pos);
            const std::size_t stop = end == std::string::npos ? names.size() : end;
            if (stop == pos) break;
            readers.emplace_back(names, pos, stop - pos);
            pos = stop + 1;
        }
        return readers;
    }
    throw TransportError("SCardListReaders: the reader list kept changing");
}

bool PcscContext::cardPresent(const std::string& reader) const {
    SCARD_READERSTATE state{};
    state.szReader = reader.c_str();
    state.dwCurrentState = SCARD_STATE_UNAWARE;
    const LONG rc = pcsc([&] { return SCardGetStatusChange(handle_, 0, &state, 1); });
    if (rc == SCARD_E_TIMEOUT) return false;
    check("SCardGetStatusChange(" + reader + ")", rc);
    if (state.dwEventState & (SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE))
        throw ReaderUnavailableError("reader " + reader + " is not available");
    return (state.dwEventState & SCARD_STATE_PRESENT) != 0 && (state.dwEventState & SCARD_STATE_MUTE) == 0;
}

PcscTransport::PcscTransport(const PcscContext& context, std::string reader)
    : context_(context), reader_(std::move(reader)), received_(kReceiveCapacity) {
    SCARDHANDLE card = 0;
    DWORD active = 0;
    check("SCardConnect(" + reader_ + ")", pcsc([&] {
              return SCardConnect(context_.handle(), reader_.c_str(), SCARD_SHARE_SHARED, kBothProtocols,
                                  &card, &active);
          }));
    card_ = card;
    try {
        protocol_ = toProtocol(active);
        readAtr();
    } catch (...) {
        pcsc([&] { return SCardDisconnect(card_, SCARD_LEAVE_CARD); });
        throw;
    }
}

PcscTransport::~PcscTransport() {
    // Leave the card as it is: other applications may share it. Callers that must drop the security
    // state (logout) reset it through reconnect(true) first.
    pcsc([&] { return SCardDisconnect(card_, SCARD_LEAVE_CARD); });
}

void PcscTransport::readAtr() {
    BYTE atr[MAX_ATR_SIZE];
    DWORD atrLength = sizeof atr;
    DWORD state = 0, active = 0;
    check("SCardStatus",
          pcsc([&] { return SCardStatus(card_, nullptr, nullptr, &state, &active, atr, &atrLength); }));
    atr_.assign(atr, atr + std::min<DWORD>(atrLength, sizeof atr));
}

ResponseApdu PcscTransport::transmitRaw(const SecureBuffer& encodedCommand) {
    const SCARD_IO_REQUEST* pci = protocol_ == Protocol::T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
    received_.resize(received_.capacity());
    DWORD length = static_cast<DWORD>(received_.size());
    const LONG rc = pcsc([&] {
        return SCardTransmit(card_, pci, encodedCommand.data(), static_cast<DWORD>(encodedCommand.size()),
                             nullptr, received_.data(), &length);
    });
    if (rc != SCARD_S_SUCCESS) {
        received_.clear();
        commandFailed("SCardTransmit", rc, context_.handle(), card_, reader_);
    }
    if (length < 2 || length > received_.size()) {
        received_.clear();
        if (cardLeft(context_.handle(), card_, reader_)) throwPcsc("SCardTransmit", SCARD_W_REMOVED_CARD);
        throw TransportError("SCardTransmit: answer of " + std::to_string(length) + " bytes");
    }
    ResponseApdu response = ResponseApdu::parse(received_.view().first(length));
    received_.clear();
    return response;
}

void PcscTransport::beginTransaction() {
    const LONG rc = pcsc([&] { return SCardBeginTransaction(card_); });
    if (rc != SCARD_S_SUCCESS) commandFailed("SCardBeginTransaction", rc, context_.handle(), card_, reader_);
}

void PcscTransport::endTransaction() noexcept {
    // Nothing to do on failure: a removed or reset card has no transaction left to end.
    pcsc([&] { return SCardEndTransaction(card_, SCARD_LEAVE_CARD); });
}

void PcscTransport::reconnect(bool resetCard) {
    DWORD active = 0;
    check("SCardReconnect(" + reader_ + ")", pcsc([&] {
              return SCardReconnect(card_, SCARD_SHARE_SHARED, kBothProtocols,
                                    resetCard ? SCARD_RESET_CARD : SCARD_LEAVE_CARD, &active);
          }));
    protocol_ = toProtocol(active);
    readAtr();
}

}  // namespace ias
