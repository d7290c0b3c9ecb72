#pragma once
// The secure-messaging fuzz target's world, shared with the seed maker: a terminal session
// (ias::sm::SmSession) opened against a scripted in-process card with known static keys, challenges and
// K.ICC, so every run is the same up to the card's answer to one protected command. That answer comes from
// the fuzz input in one of three ways (its first byte):
//   Raw     the bytes are the whole answer (data || SW), as a broken or hostile card might send;
//   Signed  the bytes are the answer's SM data objects before DO8E, then SW; the harness appends a DO8E
//           with the right MAC, so the checks after the MAC (DO87 indicator, cryptogram size, padding,
//           DO99 against the outer status) see arbitrary content;
//   Wrapped the bytes are a plain answer (data || SW) the card wraps as a card does (vcard::CardSmSession).
// The harness also knows the session's MAC key and SSC, so it can tell on its own, without the terminal's
// unwrapping code, whether an answer carries a MAC the card made: the oracle of the target.
#include <array>
#include <optional>
#include <span>

#include "ias/apdu/InProcessTransport.h"
#include "ias/apdu/Tlv.h"
#include "ias/sm/SmSession.h"
#include "vcard/CardSm.h"

namespace ias::fuzz {

enum class SmAnswerMode : std::uint8_t { Raw = 0, Signed = 1, Wrapped = 2 };

// The fuzz input: byte 0 = mode (bits 0-1), SHA-256 key derivation (bit 2), a command expecting data
// (bit 3: READ BINARY with Le) or not (VERIFY); the rest is the payload.
struct SmFuzzInput {
    SmAnswerMode mode = SmAnswerMode::Raw;
    bool sha256 = false;
    bool expectsData = true;
    ByteView payload;

    static std::optional<SmFuzzInput> decode(ByteView data) {
        if (data.empty() || (data[0] & 0x03) == 3) return std::nullopt;
        SmFuzzInput in;
        in.mode = static_cast<SmAnswerMode>(data[0] & 0x03);
        in.sha256 = (data[0] & 0x04) != 0;
        in.expectsData = (data[0] & 0x08) != 0;
        in.payload = data.subspan(1);
        return in;
    }
    static Bytes encode(SmAnswerMode mode, bool sha256, bool expectsData, ByteView payload) {
        Bytes out{static_cast<std::uint8_t>(static_cast<std::uint8_t>(mode) | (sha256 ? 0x04 : 0) |
                                            (expectsData ? 0x08 : 0))};
        append(out, payload);
        return out;
    }
};

namespace sm_world {
inline const Bytes kStaticEnc = fromHex("4655D75A5A5F454E434B45595F303130");
inline const Bytes kStaticMac = fromHex("4655D75A5A5F4D41434B45595F303130");
inline const Bytes kSerial = fromHex("0102030405060708090A");
inline const Bytes kSnIfd = fromHex("1122334455667788");
inline const Bytes kRndIcc = fromHex("0F1E2D3C4B5A6978");
inline const Bytes kRndIfd = fromHex("8877665544332211");
inline const Bytes kKIfd = fromHex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
inline const Bytes kKIcc = fromHex("F0E1D2C3B4A5968778695A4B3C2D1E0FF0E1D2C3B4A5968778695A4B3C2D1E0F");
constexpr std::uint8_t kKeysetRef = 0x82;

inline Bytes snIcc() {
    return vcard::snIccFromSerial(kSerial);
}

// The SSC of the answer to the first protected command: RND.ICC[4..7] || RND.IFD[4..7], plus 2.
inline Bytes answerSsc() {
    Bytes ssc(kRndIcc.begin() + 4, kRndIcc.end());
    ssc.insert(ssc.end(), kRndIfd.begin() + 4, kRndIfd.end());
    for (int step = 0; step < 2; ++step)
        for (std::size_t i = ssc.size(); i-- > 0;)
            if (++ssc[i] != 0) break;
    return ssc;
}

inline const SecureBuffer& sessionMacKey(bool sha256) {
    static const sm::SessionKeys sha1 = sm::deriveSessionKeys(kKIfd, kKIcc, sm::KdfHash::Sha1);
    static const sm::SessionKeys sha2 = sm::deriveSessionKeys(kKIfd, kKIcc, sm::KdfHash::Sha256);
    return sha256 ? sha2.mac : sha1.mac;
}

inline Bytes macOver(bool sha256, ByteView dataObjects) {
    Bytes input = answerSsc();
    append(input, dataObjects);
    return sm::retailMac(sessionMacKey(sha256).view(), sm::pad(view(input)).view());
}

// Whether `answer` (data || SW) ends its data with 8E 08 <the MAC of the session over everything before>.
inline bool carriesCardMac(bool sha256, ByteView answer) {
    if (answer.size() < 2 + 10) return false;
    const ByteView data = answer.first(answer.size() - 2);
    const ByteView head = data.first(data.size() - 10);
    if (data[head.size()] != 0x8E || data[head.size() + 1] != 0x08) return false;
    const Bytes mac = macOver(sha256, head);
    return std::equal(mac.begin(), mac.end(), data.end() - 8);
}
}  // namespace sm_world

// The scripted card: the handshake in the clear (MSE SET AT, GET CHALLENGE, MUTUAL AUTHENTICATE answered by
// the virtual card's SM code with the fixed K.ICC), then one protected command answered from the input.
class SmFuzzCard : public CardEndpoint {
public:
    explicit SmFuzzCard(const SmFuzzInput& input) : input_(input) {}

    Bytes atr() const override { return fromHex("3BDF18FF8191FE1FC30031B8640C01ECC173940180829000B3"); }
    void reset() override { session_.reset(); }

    Bytes process(ByteView raw) override {
        const CommandApdu cmd = CommandApdu::parse(raw);  // the terminal's own commands are well formed
        if (!cmd.isSecureMessaging()) return plain(cmd);
        if (!session_) return {0x68, 0x82};
        try {
            session_->unwrapCommand(cmd);
        } catch (const vcard::SmError& e) {
            return ResponseApdu({}, e.sw())
                .encode();  // e.g. the terminal re-sent after 6Cxx: SSC out of step
        }
        answer_ = protectedAnswer();
        return answer_;
    }

    // The card's answer to the protected command (empty before it).
    const Bytes& answer() const { return answer_; }

private:
    Bytes plain(const CommandApdu& cmd) {
        switch (cmd.ins()) {
            case 0x22:
                return {0x90, 0x00};
            case 0x84:
                return ResponseApdu(sm_world::kRndIcc, sw::Ok).encode();
            case 0x82: {
                vcard::SmKeyset keys{SecureBuffer::copyOf(view(sm_world::kStaticEnc)),
                                     SecureBuffer::copyOf(view(sm_world::kStaticMac))};
                auto [session, answer] = vcard::CardSmSession::mutualAuthenticateWithKIcc(
                    cmd.data().view(), sm_world::kRndIcc, sm_world::snIcc(), keys,
                    input_.sha256 ? sm::KdfHash::Sha256 : sm::KdfHash::Sha1, sm_world::kKIcc);
                session_.emplace(std::move(session));
                return ResponseApdu(std::move(answer), sw::Ok).encode();
            }
            case 0xC0:
                return {0x6F, 0x00};  // GET RESPONSE: nothing is pending here
            default:
                return {0x6D, 0x00};
        }
    }

    Bytes protectedAnswer() {
        const ByteView p = input_.payload;
        switch (input_.mode) {
            case SmAnswerMode::Raw:
                return Bytes(p.begin(), p.end());
            case SmAnswerMode::Signed: {
                const ByteView body = p.first(p.size() - 2);
                Bytes out(body.begin(), body.end());
                appendTlv(out, 0x8E, sm_world::macOver(input_.sha256, body));
                out.insert(out.end(), p.end() - 2, p.end());
                return out;
            }
            case SmAnswerMode::Wrapped:
                return session_->wrapResponse(ResponseApdu::parse(p)).encode();
        }
        return {0x6F, 0x00};
    }

    SmFuzzInput input_;
    std::optional<vcard::CardSmSession> session_;
    Bytes answer_;
};

// One run: open the session, send the protected command, return its verified answer (throws ias::sm::SmError
// as the session does). `card` tells afterwards what the card sent.
inline ResponseApdu runSmExchange(SmFuzzCard& card, const SmFuzzInput& input) {
    InProcessTransport transport(card);
    Bytes randomStream = sm_world::kRndIfd;
    append(randomStream, view(sm_world::kKIfd));
    std::size_t drawn = 0;
    const sm::RandomSource replay = [&](std::span<std::uint8_t> out) {
        std::copy_n(randomStream.begin() + static_cast<std::ptrdiff_t>(drawn), out.size(), out.begin());
        drawn += out.size();
    };
    const sm::Keyset keys{SecureBuffer::copyOf(view(sm_world::kStaticEnc)),
                          SecureBuffer::copyOf(view(sm_world::kStaticMac))};
    sm::SmSession session =
        sm::SmSession::open(transport, keys, view(sm_world::kSnIfd), view(sm_world::snIcc()),
                            input.sha256 ? sm::KdfHash::Sha256 : sm::KdfHash::Sha1, sm_world::kKeysetRef,
                            input.sha256 ? 0x8C : 0x0C, replay);
    const CommandApdu command = input.expectsData
                                    ? CommandApdu(0x00, 0xB0, 0x00, 0x00, ByteView{}, std::size_t{256})
                                    : CommandApdu(0x00, 0x20, 0x00, 0x81, fromHex("3132333435363738"));
    return session.transmit(command);
}

}  // namespace ias::fuzz
