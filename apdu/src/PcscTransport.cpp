#include "ias/apdu/PcscTransport.h"

#include "PcscPinPad.h"

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

Protocol toProtocol(DWORD active) {
    if (active == SCARD_PROTOCOL_T0) return Protocol::T0;
    if (active == SCARD_PROTOCOL_T1) return Protocol::T1;
    throw TransportError("PC/SC: card runs neither T=0 nor T=1");
}
}  // namespace

PcscContext::PcscContext() {
    SCARDCONTEXT ctx = 0;
    const LONG rc = SCardEstablishContext(SCARD_SCOPE_USER, nullptr, nullptr, &ctx);
    if (rc != SCARD_S_SUCCESS) {
        // Whatever the code, without a context there is no reader to talk to.
        if (rc == SCARD_E_NO_MEMORY) throw TransportError(describe("SCardEstablishContext", rc), rc);
        throw ReaderUnavailableError(describe("SCardEstablishContext", rc), rc);
    }
    handle_ = ctx;
}

PcscContext::~PcscContext() {
    SCardReleaseContext(handle_);
}

std::vector<std::string> PcscContext::listReaders() const {
    // The list can grow between the size query and the read: retry a few times on a short buffer.
    for (int attempt = 0; attempt < 5; ++attempt) {
        DWORD length = 0;
        LONG rc = SCardListReaders(handle_, nullptr, nullptr, &length);
        if (rc == SCARD_E_NO_READERS_AVAILABLE) return {};
        check("SCardListReaders", rc);
        std::string names(length, '\0');
        rc = SCardListReaders(handle_, nullptr, names.data(), &length);
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
    const LONG rc = SCardGetStatusChange(handle_, 0, &state, 1);
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
    check("SCardConnect(" + reader_ + ")", SCardConnect(context_.handle(), reader_.c_str(),
                                                        SCARD_SHARE_SHARED, kBothProtocols, &card, &active));
    card_ = card;
    try {
        protocol_ = toProtocol(active);
        readAtr();
    } catch (...) {
        SCardDisconnect(card_, SCARD_LEAVE_CARD);
        throw;
    }
}

PcscTransport::~PcscTransport() {
    // Leave the card as it is: other applications may share it. Callers that must drop the security
    // state (logout) reset it through reconnect(true) first.
    SCardDisconnect(card_, SCARD_LEAVE_CARD);
}

void PcscTransport::readAtr() {
    BYTE atr[MAX_ATR_SIZE];
    DWORD atrLength = sizeof atr;
    DWORD state = 0, active = 0;
    check("SCardStatus", SCardStatus(card_, nullptr, nullptr, &state, &active, atr, &atrLength));
    atr_.assign(atr, atr + std::min<DWORD>(atrLength, sizeof atr));
}

ResponseApdu PcscTransport::transmitRaw(const SecureBuffer& encodedCommand) {
    const SCARD_IO_REQUEST* pci = protocol_ == Protocol::T0 ? SCARD_PCI_T0 : SCARD_PCI_T1;
    received_.resize(received_.capacity());
    DWORD length = static_cast<DWORD>(received_.size());
    const LONG rc =
        SCardTransmit(card_, pci, encodedCommand.data(), static_cast<DWORD>(encodedCommand.size()), nullptr,
                      received_.data(), &length);
    if (rc != SCARD_S_SUCCESS) {
        received_.clear();
        if (rc == SCARD_E_NOT_TRANSACTED) {
            // A transmit cut short because the card died reports NOT_TRANSACTED: tell removal apart.
            DWORD state = 0, active = 0, atrLength = 0;
            const LONG status = SCardStatus(card_, nullptr, nullptr, &state, &active, nullptr, &atrLength);
            if (status == SCARD_W_REMOVED_CARD || status == SCARD_E_NO_SMARTCARD ||
                (status == SCARD_S_SUCCESS && (state & SCARD_ABSENT) != 0))
                throw CardRemovedError(describe("SCardTransmit", SCARD_W_REMOVED_CARD), SCARD_W_REMOVED_CARD);
        }
        throwPcsc("SCardTransmit", rc);
    }
    if (length < 2 || length > received_.size()) {
        received_.clear();
        throw TransportError("SCardTransmit: answer of " + std::to_string(length) + " bytes");
    }
    ResponseApdu response = ResponseApdu::parse(received_.view().first(length));
    received_.clear();
    return response;
}

void PcscTransport::beginTransaction() {
    check("SCardBeginTransaction", SCardBeginTransaction(card_));
}

void PcscTransport::endTransaction() noexcept {
    // Nothing to do on failure: a removed or reset card has no transaction left to end.
    SCardEndTransaction(card_, SCARD_LEAVE_CARD);
}

void PcscTransport::reconnect(bool resetCard) {
    DWORD active = 0;
    check("SCardReconnect(" + reader_ + ")",
          SCardReconnect(card_, SCARD_SHARE_SHARED, kBothProtocols,
                         resetCard ? SCARD_RESET_CARD : SCARD_LEAVE_CARD, &active));
    protocol_ = toProtocol(active);
    readAtr();
}

}  // namespace ias
