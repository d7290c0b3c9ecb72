#pragma once
// PcscTransport's PIN-pad: SCardControl with the control codes the reader announced.
#include "ias/apdu/PcscTransport.h"

namespace ias {

class PcscTransport::ReaderPinPad : public PinPad {
public:
    ReaderPinPad(PcscTransport& transport, PinPadFeatures features)
        : transport_(transport), features_(features) {}
    bool canVerify() const override { return features_.verifyPinDirect.has_value(); }
    bool canModify() const override { return features_.modifyPinDirect.has_value(); }
    ResponseApdu verifyPin(const PinPadVerifyRequest& request) override;
    ResponseApdu modifyPin(const PinPadModifyRequest& request) override;

    // CM_IOCTL_GET_FEATURE_REQUEST on the connected card handle; empty features when the reader has none.
    static PinPadFeatures readFeatures(long card);

private:
    PcscTransport& transport_;
    PinPadFeatures features_;
    ResponseApdu control(std::uint32_t code, const Bytes& structure, const std::string& what);
};

}  // namespace ias
