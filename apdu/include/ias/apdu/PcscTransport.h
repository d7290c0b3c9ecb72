#pragma once
// PC/SC (pcsc-lite) transport: RAII context and card handle, reader listing, T=0/T=1, transactions,
// removal and reset reported as typed errors, reconnect.
#include <memory>
#include <string>
#include <vector>

#include "ias/apdu/PinPad.h"
#include "ias/apdu/Transport.h"

namespace ias {

class PcscContext {
public:
    PcscContext();  // SCardEstablishContext(SCARD_SCOPE_USER); throws ReaderUnavailableError
    ~PcscContext();
    PcscContext(const PcscContext&) = delete;
    PcscContext& operator=(const PcscContext&) = delete;

    std::vector<std::string> listReaders() const;  // empty when no reader
    bool cardPresent(const std::string& reader) const;
    long handle() const { return handle_; }

private:
    long handle_ = 0;
};

class PcscTransport : public Transport {
public:
    // Connects shared, T=0 or T=1. Throws CardRemovedError when no card is in the reader,
    // ReaderUnavailableError when the reader or pcscd is gone. The destructor leaves the card powered.
    PcscTransport(const PcscContext& context, std::string reader);
    ~PcscTransport() override;
    PcscTransport(const PcscTransport&) = delete;
    PcscTransport& operator=(const PcscTransport&) = delete;

    ResponseApdu transmitRaw(const SecureBuffer& encodedCommand) override;
    Bytes atr() const override { return atr_; }
    Protocol protocol() const override { return protocol_; }
    void beginTransaction() override;
    void endTransaction() noexcept override;
    void reconnect(bool resetCard) override;
    const std::string& reader() const { return reader_; }
    // The reader's PIN-pad when it offers FEATURE_VERIFY_PIN_DIRECT or FEATURE_MODIFY_PIN_DIRECT (features
    // asked with SCardControl(CM_IOCTL_GET_FEATURE_REQUEST) once per connection), else null.
    PinPad* pinPad() override;

private:
    const PcscContext& context_;
    std::string reader_;
    long card_ = 0;
    Protocol protocol_ = Protocol::T1;
    Bytes atr_;
    // The card's answer lands here first (secure: it may be a deciphered key); sized for extended length.
    SecureBuffer received_;
    class ReaderPinPad;
    std::unique_ptr<ReaderPinPad> pinPad_;
    bool featuresRead_ = false;
    void readAtr();
    friend class ReaderPinPad;
};

}  // namespace ias
