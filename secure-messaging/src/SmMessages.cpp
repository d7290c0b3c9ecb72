// Wrapping commands and unwrapping answers under CWA 14890 secure messaging, terminal side.
#include "SmMessages.h"

#include <optional>

#include "ias/apdu/Tlv.h"
#include "ias/sm/SmCrypto.h"
#include "ias/sm/SmError.h"

namespace ias::sm::detail {

namespace {

constexpr std::uint32_t kTagCryptogramIndicated = 0x87;  // 01 || cryptogram (even INS)
constexpr std::uint32_t kTagCryptogram = 0x85;           // cryptogram (odd INS)
constexpr std::uint32_t kTagLe = 0x97;
constexpr std::uint32_t kTagStatus = 0x99;
constexpr std::uint32_t kTagMac = 0x8E;
constexpr std::uint8_t kIndicatorPadded = 0x01;  // ISO 7816-4: padding method 2 follows
constexpr std::size_t kMacSize = 8;
// What a command without response data gets back: 99 02 SW1 SW2 8E 08 MAC.
constexpr std::size_t kStatusOnlyAnswer = 0x0E;

[[noreturn]] void malformed(const std::string& what, StatusWord sw = {}) {
    throw SmError(SmFailureReason::MalformedResponse, what, sw);
}

Bytes encodeLe(std::optional<std::size_t> le) {
    const std::size_t v = le.value_or(kStatusOnlyAnswer);
    if (v <= 256) return Bytes{static_cast<std::uint8_t>(v & 0xFF)};  // 256 → 00
    return Bytes{static_cast<std::uint8_t>((v >> 8) & 0xFF),
                 static_cast<std::uint8_t>(v & 0xFF)};  // 65536 → 0000
}

// How much of the wrapped answer the outer Le asks for: the exact 14 bytes of a status-only answer, else
// the most a short (or, for an extended plain Le, an extended) APDU carries; the card announces the rest
// with 61xx and the transport fetches it with GET RESPONSE.
std::size_t outerLe(std::optional<std::size_t> le) {
    if (!le) return kStatusOnlyAnswer;
    return *le <= 256 ? 256 : 65536;
}

Bytes macOverPadded(ByteView key, ByteView data) {
    return retailMac(key, pad(data).view());
}

}  // namespace

void incrementSsc(Ssc& ssc) {
    for (std::size_t i = ssc.size(); i-- > 0;)
        if (++ssc[i] != 0) break;
}

CommandApdu wrapCommand(ByteView kEnc, ByteView kMac, const Ssc& ssc, const CommandApdu& plain) {
    const auto cla = static_cast<std::uint8_t>(plain.cla() | 0x0C);
    const SecureBuffer padded = pad(plain.data().view());
    const SecureBuffer cryptogram = des3CbcEncrypt(kEnc, padded.view());

    Bytes body;
    if (plain.ins() & 0x01) {
        appendTlv(body, kTagCryptogram, cryptogram.view());
    } else {
        Bytes value{kIndicatorPadded};
        append(value, cryptogram.view());
        appendTlv(body, kTagCryptogramIndicated, value);
    }
    appendTlv(body, kTagLe, encodeLe(plain.le()));

    Bytes macInput(ssc.begin(), ssc.end());
    macInput.insert(macInput.end(), {cla, plain.ins(), plain.p1(), plain.p2(), 0x80, 0x00, 0x00, 0x00});
    append(macInput, body);
    appendTlv(body, kTagMac, macOverPadded(kMac, macInput));

    return CommandApdu(cla, plain.ins(), plain.p1(), plain.p2(), view(body), outerLe(plain.le()));
}

ResponseApdu unwrapResponse(ByteView kEnc, ByteView kMac, const Ssc& ssc, const ResponseApdu& answer) {
    const StatusWord outer = answer.sw();
    if (answer.data().empty()) {
        // Success and warnings (62xx, 63xx but 63Cx) must come protected: callers may take a warning for
        // success (StatusWord::isWarning), so an unprotected one could stand in for a stripped answer.
        if (outer.ok() || outer.isWarning())
            throw SmError(SmFailureReason::PlainSuccess, "success or warning without SM data objects", outer);
        if (classifyStatus(outer) == CardErrorKind::SmFailure)
            throw SmError(SmFailureReason::CardRejectedSm, "the card refused the protected command", outer);
        return ResponseApdu({}, outer);  // the card's plain error (facts §6: errors come back plain)
    }

    std::vector<Tlv> dos;
    try {
        dos = parseTlvList(view(answer.data()));
    } catch (const TlvError&) {
        malformed("the answer is not a BER-TLV list of SM data objects", outer);
    }
    // Exactly [87] 99 8E, in this order.
    std::size_t i = 0;
    std::optional<Tlv> do87;
    if (i < dos.size() && dos[i].tag == kTagCryptogramIndicated) do87 = dos[i++];
    if (i >= dos.size() || dos[i].tag != kTagStatus) {
        if (i < dos.size() && dos[i].tag != kTagMac)
            malformed("unexpected SM data object in the answer", outer);
        malformed("DO99 (processing status) missing", outer);
    }
    const Tlv do99 = dos[i++];
    if (i >= dos.size()) malformed("DO8E (MAC) missing", outer);
    if (dos[i].tag != kTagMac) malformed("unexpected SM data object in the answer", outer);
    const Tlv do8e = dos[i++];
    if (i != dos.size()) malformed("SM data objects after DO8E", outer);
    if (do99.value.size() != 2) malformed("DO99 is not 2 bytes", outer);
    if (do8e.value.size() != kMacSize) malformed("DO8E is not 8 bytes", outer);

    Bytes macInput(ssc.begin(), ssc.end());
    if (do87) append(macInput, do87->encoded);
    append(macInput, do99.encoded);
    if (!macEquals(macOverPadded(kMac, macInput), do8e.value))
        throw SmError(SmFailureReason::ResponseMacMismatch,
                      "DO8E does not verify (wrong key, altered answer, or SSC out of step)", outer);

    // Authentic from here on; what remains are the card's own encoding mistakes.
    const StatusWord inner(do99.value[0], do99.value[1]);
    if (!outer.ok() && outer != inner) malformed("outer status differs from DO99", outer);
    if (!do87) return ResponseApdu({}, inner);
    const ByteView value = do87->value;
    if (value.empty() || value[0] != kIndicatorPadded) malformed("DO87 padding indicator is not 01", outer);
    const ByteView cryptogram = value.subspan(1);
    if (cryptogram.empty() || cryptogram.size() % 8 != 0)
        malformed("DO87 cryptogram is not a non-empty multiple of 8", outer);
    SecureBuffer data;
    try {
        data = unpad(des3CbcDecrypt(kEnc, cryptogram).view());
    } catch (const SmCryptoError&) {
        malformed("bad padding in the DO87 plaintext", outer);
    }
    return ResponseApdu(Bytes(data.view().begin(), data.view().end()), inner);
}

}  // namespace ias::sm::detail
