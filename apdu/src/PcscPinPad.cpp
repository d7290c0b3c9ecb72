#include "PcscPinPad.h"

#include <reader.h>
#include "ias/apdu/PcscCall.h"

#include <winscard.h>
#include <wintypes.h>

#include "ias/apdu/ApduTrace.h"

namespace ias {

PinPadFeatures PcscTransport::ReaderPinPad::readFeatures(long card) {
    BYTE answer[256];
    DWORD length = 0;
    const LONG rc = pcsc([&] {
        return SCardControl(card, CM_IOCTL_GET_FEATURE_REQUEST, nullptr, 0, answer, sizeof answer, &length);
    });
    // Readers without part 10 support answer SCARD_E_UNSUPPORTED_FEATURE (vpcd) or another error: no pad.
    if (rc != SCARD_S_SUCCESS || length > sizeof answer) return {};
    return parsePinPadFeatures(ByteView(answer, length));
}

ResponseApdu PcscTransport::ReaderPinPad::control(std::uint32_t code, const Bytes& structure,
                                                  const std::string& what) {
    // The structure holds only the template (padding bytes): the PIN is typed on the reader.
    if (transport_.trace_) transport_.trace_("> " + what + " (PIN entered on the reader's PIN-pad)");
    BYTE answer[258];
    DWORD length = 0;
    const LONG rc = pcsc([&] {
        return SCardControl(transport_.card_, code, structure.data(), static_cast<DWORD>(structure.size()),
                            answer, sizeof answer, &length);
    });
    if (rc != SCARD_S_SUCCESS) {
        if (rc == SCARD_W_REMOVED_CARD || rc == SCARD_E_NO_SMARTCARD)
            throw CardRemovedError(what + " on the PIN-pad: card removed", rc);
        if (rc == SCARD_W_RESET_CARD) throw CardResetError(what + " on the PIN-pad: card reset", rc);
        throw TransportError(what + " on the PIN-pad: " + pcsc_stringify_error(rc), rc);
    }
    ResponseApdu r = interpretPinPadAnswer(ByteView(answer, std::min<DWORD>(length, sizeof answer)));
    if (transport_.trace_) transport_.trace_(traceResponse(r, true));
    return r;
}

ResponseApdu PcscTransport::ReaderPinPad::verifyPin(const PinPadVerifyRequest& request) {
    if (!canVerify()) throw PinEntryError(PinEntryError::Reason::Refused, "the reader cannot verify PINs");
    return control(*features_.verifyPinDirect, encodeVerifyStructure(request),
                   "VERIFY " + toHex(Bytes{request.cla, request.ins, request.p1, request.p2}, " "));
}

ResponseApdu PcscTransport::ReaderPinPad::modifyPin(const PinPadModifyRequest& request) {
    if (!canModify()) throw PinEntryError(PinEntryError::Reason::Refused, "the reader cannot change PINs");
    return control(
        *features_.modifyPinDirect, encodeModifyStructure(request),
        "CHANGE REFERENCE DATA " + toHex(Bytes{request.cla, request.ins, request.p1, request.p2}, " "));
}

PinPad* PcscTransport::pinPad() {
    if (!featuresRead_) {
        const PinPadFeatures f = ReaderPinPad::readFeatures(card_);
        featuresRead_ = true;
        if (f.verifyPinDirect || f.modifyPinDirect) pinPad_ = std::make_unique<ReaderPinPad>(*this, f);
    }
    return pinPad_.get();
}

}  // namespace ias
