#include "ias/apdu/ResponseApdu.h"

namespace ias {

ResponseApdu ResponseApdu::parse(ByteView raw) {
    if (raw.size() < 2) throw ApduFormatError("response APDU shorter than 2 bytes");
    const std::size_t n = raw.size();
    return ResponseApdu(Bytes(raw.begin(), raw.end() - 2), StatusWord(raw[n - 2], raw[n - 1]));
}

Bytes ResponseApdu::encode() const {
    Bytes out = data_;
    out.push_back(sw_.sw1);
    out.push_back(sw_.sw2);
    return out;
}

const ResponseApdu& ResponseApdu::check(const std::string& context, bool allowWarnings) const {
    if (sw_.ok() || (allowWarnings && sw_.isWarning())) return *this;
    throwCardError(sw_, context);
}

}  // namespace ias
