#pragma once
// How APDUs reach a card: PC/SC for real readers (PcscTransport.h), in-process for unit tests
// (InProcessTransport.h). Errors of the reader or the card's presence are typed exceptions.
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/CommandApdu.h"
#include "ias/apdu/ResponseApdu.h"
#include "ias/apdu/SecureBuffer.h"

namespace ias {

class TransportError : public std::runtime_error {
public:
    explicit TransportError(const std::string& what, long code = 0) : std::runtime_error(what), code_(code) {}
    long code() const { return code_; }  // PC/SC return code where there is one

private:
    long code_;
};
// The card was removed (SCARD_W_REMOVED_CARD, SCARD_E_NO_SMARTCARD, transmit failed as the card died).
class CardRemovedError : public TransportError {
public:
    using TransportError::TransportError;
};
// Another process reset the card: security state and SM sessions are lost; reconnect() recovers.
class CardResetError : public TransportError {
public:
    using TransportError::TransportError;
};
// The reader disappeared, or pcscd is not running.
class ReaderUnavailableError : public TransportError {
public:
    using TransportError::TransportError;
};

enum class Protocol { T0, T1 };

class PinPad;  // PinPad.h

// One line of the APDU trace. The trace never sees PINs: `command` is already redacted (ApduTrace.h).
using TraceSink = std::function<void(const std::string& line)>;

class Transport {
public:
    virtual ~Transport() = default;

    // Sends one encoded APDU as it is and returns the raw response (data || SW). No 61xx/6Cxx handling.
    virtual ResponseApdu transmitRaw(const SecureBuffer& encodedCommand) = 0;
    virtual Bytes atr() const = 0;
    virtual Protocol protocol() const = 0;
    // Exclusive access for a multi-APDU operation (SCardBeginTransaction). Prefer the Transaction guard.
    virtual void beginTransaction() = 0;
    virtual void endTransaction() noexcept = 0;
    // After CardResetError / re-insertion: reconnect, optionally resetting the card.
    virtual void reconnect(bool resetCard) = 0;
    // Largest data field the interface can carry in one command / response (extended length or not).
    virtual bool supportsExtendedLength() const { return true; }
    // The reader's PIN-pad (PIN entry on the reader, PinPad.h), or null when it has none.
    virtual PinPad* pinPad() { return nullptr; }

    void setTrace(TraceSink sink) { trace_ = std::move(sink); }

    // Sends `cmd`, following 61xx with GET RESPONSE (concatenating data) and 6Cxx by re-sending with the
    // announced Le (once); T=0 case 4 goes without Le and is completed by GET RESPONSE. Traces the exchange
    // (redacted). A card that keeps answering 61xx beyond the bounds below gets a TransportError.
    ResponseApdu transmit(const CommandApdu& cmd);

    // Bounds of the GET RESPONSE loop: the largest response an extended Le can ask for, and enough rounds
    // for it in 256-byte chunks with room to spare.
    static constexpr std::size_t kMaxResponseBytes = 65536;
    static constexpr int kMaxGetResponseRounds = 1024;

protected:
    TraceSink trace_;
};

// RAII guard for one card transaction.
class Transaction {
public:
    explicit Transaction(Transport& t) : t_(t) { t_.beginTransaction(); }
    ~Transaction() { t_.endTransaction(); }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

private:
    Transport& t_;
};

}  // namespace ias
