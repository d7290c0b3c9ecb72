#include "vcard/CardSm.h"

#include <openssl/rand.h>

#include <algorithm>
#include <optional>

#include "ias/apdu/Tlv.h"

namespace ias::vcard {

namespace {

constexpr std::size_t kBlock = 8;
constexpr std::size_t kKeyHalf = 32;
constexpr std::size_t kAuthPlain = 64;  // RND||SN||RND||SN||K
constexpr std::size_t kAuthMessage = kAuthPlain + kBlock;

constexpr std::uint32_t kTagCryptogramIndicated = 0x87;  // 01 || cryptogram (even INS)
constexpr std::uint32_t kTagCryptogram = 0x85;           // cryptogram only (odd INS)
constexpr std::uint32_t kTagLe = 0x97;
constexpr std::uint32_t kTagStatus = 0x99;
constexpr std::uint32_t kTagMac = 0x8E;

constexpr StatusWord kAuthFailed{0x63, 0x00};

Bytes toBytes(ByteView v) {
    return Bytes(v.begin(), v.end());
}

// Retail MAC with ISO 9797-1 method 2 padding. OpenSC pads its MAC input only when it is not already a
// multiple of 8 (sm_cwa_get_mac, force_padding 0), but its command layouts are never a multiple of 8, so
// always padding accepts exactly what it sends.
Bytes macOver(const SecureBuffer& key, ByteView data) {
    return sm::retailMac(key.view(), sm::pad(data).view());
}

// OpenSC 0.23 computes the retail MAC wrongly (sm-common.c, DES_cbc_cksum_3des_emv96: the OpenSSL 1.x branch
// updates only the second half after the final 3DES step, the EVP branch copies the first half from the
// chaining value, so both give the same result): bytes 0-3 are those of the single-DES CBC chaining value
// before the last block (zero for a one-block input), only bytes 4-7 are the real MAC's. It checks the card's
// MUTUAL AUTHENTICATE answer with the same function, so the card answers a terminal in the flavour it used.
Bytes openSc023MacOver(const SecureBuffer& key, ByteView data) {
    const SecureBuffer padded = sm::pad(data);
    Bytes mac = sm::retailMac(key.view(), padded.view());
    std::fill(mac.begin(), mac.begin() + 4, 0x00);
    if (padded.size() > kBlock) {
        SecureBuffer k1k1(16);  // two-key 3DES with K1 = K2 is single DES under K1
        k1k1.append(key.view().first(kBlock));
        k1k1.append(key.view().first(kBlock));
        const SecureBuffer chain =
            sm::des3CbcEncrypt(k1k1.view(), padded.view().first(padded.size() - kBlock));
        std::copy_n(chain.view().end() - kBlock, 4, mac.begin());
    }
    return mac;
}

Bytes macIn(bool openSc023, const SecureBuffer& key, ByteView data) {
    return openSc023 ? openSc023MacOver(key, data) : macOver(key, data);
}

}  // namespace

Bytes snIccFromSerial(ByteView serial) {
    if (serial.size() >= kBlock) return toBytes(serial.last(kBlock));
    Bytes sn(kBlock - serial.size(), 0x00);
    append(sn, serial);
    return sn;
}

std::pair<CardSmSession, Bytes> CardSmSession::mutualAuthenticate(ByteView command, ByteView rndIcc,
                                                                  ByteView snIcc, const SmKeyset& keys,
                                                                  SmKdf kdf) {
    SecureBuffer kIcc(kKeyHalf);
    kIcc.resize(kKeyHalf);
    if (RAND_bytes(kIcc.data(), static_cast<int>(kIcc.size())) != 1)
        throw SmError("no random K.ICC", sw::NoPreciseDiagnosis);
    return mutualAuthenticateWithKIcc(command, rndIcc, snIcc, keys, kdf, kIcc.view());
}

std::pair<CardSmSession, Bytes> CardSmSession::mutualAuthenticateWithKIcc(ByteView command, ByteView rndIcc,
                                                                          ByteView snIcc,
                                                                          const SmKeyset& keys, SmKdf kdf,
                                                                          ByteView kIcc) {
    if (rndIcc.size() != kBlock) throw SmError("no challenge was issued", sw::ConditionsNotSatisfied);
    if (snIcc.size() != kBlock || keys.enc.size() != 16 || keys.mac.size() != 16 || kIcc.size() != kKeyHalf)
        throw SmError("SM keyset or serial not usable", sw::ReferenceDataNotUsable);
    if (command.size() != kAuthMessage)
        throw SmError("MUTUAL AUTHENTICATE data is not 0x48 bytes", sw::WrongLength);

    // The MAC first: nothing is decrypted for a terminal that does not hold the static MAC key.
    const ByteView eIfd = command.first(kAuthPlain);
    bool openSc023 = false;
    if (!sm::macEquals(macOver(keys.mac, eIfd), command.last(kBlock))) {
        openSc023 = sm::macEquals(openSc023MacOver(keys.mac, eIfd), command.last(kBlock));
        if (!openSc023) throw SmError("MUTUAL AUTHENTICATE MAC mismatch", kAuthFailed);
    }
    const SecureBuffer s = sm::des3CbcDecrypt(keys.enc.view(), eIfd);
    const ByteView rndIfd = s.view().subspan(0, 8), snIfd = s.view().subspan(8, 8);
    const ByteView kIfd = s.view().subspan(32, kKeyHalf);
    // Not secret, but compared in constant time anyway: it costs nothing.
    if (!sm::macEquals(s.view().subspan(16, 8), rndIcc) || !sm::macEquals(s.view().subspan(24, 8), snIcc))
        throw SmError("MUTUAL AUTHENTICATE for another challenge or card", kAuthFailed);

    // The card's answer in the order OpenSC checks it (sm_cwa_decode_authentication_data).
    SecureBuffer r(kAuthPlain);
    r.append(rndIcc);
    r.append(snIcc);
    r.append(rndIfd);
    r.append(snIfd);
    r.append(kIcc);
    const SecureBuffer eIcc = sm::des3CbcEncrypt(keys.enc.view(), r.view());
    Bytes response = toBytes(eIcc.view());
    append(response, macIn(openSc023, keys.mac, eIcc.view()));

    sm::SessionKeys sessionKeys = sm::deriveSessionKeys(kIfd, kIcc, kdf);
    CardSmSession session;
    session.openSc023Mac_ = openSc023;
    session.kEnc_ = std::move(sessionKeys.enc);
    session.kMac_ = std::move(sessionKeys.mac);
    session.ssc_ = SecureBuffer(kBlock);
    session.ssc_.append(rndIcc.subspan(4, 4));
    session.ssc_.append(rndIfd.subspan(4, 4));
    return {std::move(session), std::move(response)};
}

void CardSmSession::incrementSsc() {
    for (std::size_t i = ssc_.size(); i-- > 0;)
        if (++ssc_[i] != 0) break;
}

CommandApdu CardSmSession::unwrapCommand(const CommandApdu& wrapped) {
    if (kMac_.empty()) throw SmError("no SM session", sw::ConditionsNotSatisfied);
    if ((wrapped.cla() & 0x0C) != 0x0C) throw SmError("SM without header authentication", sw::SmNotSupported);
    incrementSsc();

    std::vector<Tlv> dos;
    try {
        dos = parseTlvList(wrapped.data().view());
    } catch (const TlvError&) {
        throw SmError("SM data objects are not BER-TLV", sw::SmDataObjectsIncorrect);
    }
    if (dos.empty() || dos.back().tag != kTagMac) throw SmError("DO8E missing", sw::SmDataObjectsMissing);
    if (dos.back().value.size() != kBlock) throw SmError("DO8E is not 8 bytes", sw::SmDataObjectsIncorrect);

    // Allowed before DO8E, in this order: one of DO87/DO85, then DO97.
    std::optional<Tlv> cryptogram, le;
    for (std::size_t i = 0; i + 1 < dos.size(); ++i) {
        const Tlv& d = dos[i];
        if ((d.tag == kTagCryptogramIndicated || d.tag == kTagCryptogram) && !cryptogram && !le)
            cryptogram = d;
        else if (d.tag == kTagLe && !le)
            le = d;
        else
            throw SmError("unexpected or misplaced SM data object", sw::SmDataObjectsIncorrect);
    }

    Bytes macInput = ssc();
    macInput.insert(macInput.end(), {wrapped.cla(), wrapped.ins(), wrapped.p1(), wrapped.p2()});
    macInput.insert(macInput.end(), {0x80, 0x00, 0x00, 0x00});
    for (std::size_t i = 0; i + 1 < dos.size(); ++i) append(macInput, dos[i].encoded);
    if (!sm::macEquals(macIn(openSc023Mac_, kMac_, macInput), dos.back().value))
        throw SmError("SM command MAC mismatch", sw::SmDataObjectsIncorrect);

    SecureBuffer data;
    if (cryptogram) {
        ByteView c = cryptogram->value;
        if (cryptogram->tag == kTagCryptogramIndicated) {
            if (c.empty() || c[0] != 0x01)
                throw SmError("DO87 padding indicator is not 01", sw::SmDataObjectsIncorrect);
            c = c.subspan(1);
        }
        if (c.empty() || c.size() % kBlock != 0)
            throw SmError("cryptogram length is not a multiple of 8", sw::SmDataObjectsIncorrect);
        try {
            data = sm::unpad(sm::des3CbcDecrypt(kEnc_.view(), c).view());
        } catch (const sm::SmCryptoError&) {
            throw SmError("bad padding in the cryptogram", sw::SmDataObjectsIncorrect);
        }
    }

    std::optional<std::size_t> plainLe;
    if (le) {
        const ByteView v = le->value;
        if (v.size() == 1)
            plainLe = v[0] == 0 ? 256 : v[0];
        else if (v.size() == 2)
            plainLe = (v[0] == 0 && v[1] == 0) ? 65536 : (std::size_t{v[0]} << 8 | v[1]);
        else
            throw SmError("DO97 is not 1 or 2 bytes", sw::SmDataObjectsIncorrect);
    }
    return CommandApdu(static_cast<std::uint8_t>(wrapped.cla() & ~0x0C), wrapped.ins(), wrapped.p1(),
                       wrapped.p2(), std::move(data), plainLe);
}

ResponseApdu CardSmSession::wrapResponse(const ResponseApdu& plain) {
    if (kMac_.empty()) throw SmError("no SM session", sw::ConditionsNotSatisfied);
    incrementSsc();
    const StatusWord status = plain.sw();
    if (!status.ok() && status.sw1 != 0x62) return ResponseApdu({}, status);

    Bytes body;
    if (!plain.data().empty()) {
        const SecureBuffer padded = sm::pad(plain.data());
        const SecureBuffer c = sm::des3CbcEncrypt(kEnc_.view(), padded.view());
        Bytes value{0x01};
        append(value, c.view());
        appendTlv(body, kTagCryptogramIndicated, value);
    }
    const std::uint8_t swBytes[2] = {status.sw1, status.sw2};
    appendTlv(body, kTagStatus, ByteView(swBytes, 2));

    Bytes macInput = ssc();
    append(macInput, body);
    appendTlv(body, kTagMac, macIn(openSc023Mac_, kMac_, macInput));
    return ResponseApdu(std::move(body), sw::Ok);
}

}  // namespace ias::vcard
