#pragma once
#include <stdexcept>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/StatusWord.h"

namespace ias {

// A malformed APDU (fewer than 2 bytes of response, or a command whose Lc/Le does not fit its length).
class ApduFormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    // What a card answers to such a command.
    StatusWord statusWord() const { return sw::WrongLength; }
};

class ResponseApdu {
public:
    ResponseApdu() = default;
    ResponseApdu(Bytes data, StatusWord sw) : data_(std::move(data)), sw_(sw) {}
    // Splits raw bytes into data and the trailing SW1 SW2. Throws ApduFormatError if shorter than 2 bytes.
    static ResponseApdu parse(ByteView raw);

    const Bytes& data() const { return data_; }
    Bytes& data() { return data_; }
    StatusWord sw() const { return sw_; }
    bool ok() const { return sw_.ok(); }
    Bytes encode() const;  // data || SW1 SW2
    // Throws the typed CardError unless the status is 9000 (or, with allowWarnings, 62xx/63xx non-PIN).
    const ResponseApdu& check(const std::string& context, bool allowWarnings = false) const;

private:
    Bytes data_;
    StatusWord sw_;
};

}  // namespace ias
