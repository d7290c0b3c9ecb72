// CWA 14890 device authentication cryptograms, terminal side.
#include "DeviceAuthentication.h"

#include "ias/sm/SmError.h"

namespace ias::sm::detail {

namespace {

Bytes macOverPadded(const SecureBuffer& key, ByteView data) {
    return retailMac(key.view(), pad(data).view());
}

}  // namespace

Bytes terminalCryptogram(const Keyset& keys, ByteView rndIfd, ByteView snIfd, ByteView rndIcc, ByteView snIcc,
                         ByteView kIfd) {
    SecureBuffer plain(kAuthPlainSize);
    plain.append(rndIfd);
    plain.append(snIfd);
    plain.append(rndIcc);
    plain.append(snIcc);
    plain.append(kIfd);
    const SecureBuffer e = des3CbcEncrypt(keys.enc.view(), plain.view());
    // E.IFD is 64 bytes, a multiple of 8, yet the MAC input is padded to 72 (OpenSC forces padding here).
    Bytes message(e.view().begin(), e.view().end());
    append(message, macOverPadded(keys.mac, e.view()));
    return message;
}

SecureBuffer acceptCardCryptogram(const Keyset& keys, ByteView answer, ByteView rndIcc, ByteView snIcc,
                                  ByteView rndIfd, ByteView snIfd) {
    if (answer.size() != kAuthMessageSize)
        throw SmError(SmFailureReason::AuthenticationFailed,
                      "MUTUAL AUTHENTICATE answer is " + std::to_string(answer.size()) + " bytes, not 72");
    const ByteView eIcc = answer.first(kAuthPlainSize);
    if (!macEquals(macOverPadded(keys.mac, eIcc), answer.last(8)))
        throw SmError(SmFailureReason::AuthenticationFailed,
                      "the card's MUTUAL AUTHENTICATE MAC does not verify with this keyset's MAC key");
    const SecureBuffer r = des3CbcDecrypt(keys.enc.view(), eIcc);
    const ByteView v = r.view();
    if (!macEquals(v.subspan(0, 8), rndIcc) || !macEquals(v.subspan(8, 8), snIcc))
        throw SmError(SmFailureReason::AuthenticationFailed,
                      "the card's answer is not for our challenge or not from this card (RND.ICC/SN.ICC)");
    if (!macEquals(v.subspan(16, 8), rndIfd) || !macEquals(v.subspan(24, 8), snIfd))
        throw SmError(SmFailureReason::AuthenticationFailed,
                      "the card's answer does not echo our RND.IFD/SN.IFD");
    return SecureBuffer::copyOf(v.subspan(32, kKeyHalfSize));
}

}  // namespace ias::sm::detail
