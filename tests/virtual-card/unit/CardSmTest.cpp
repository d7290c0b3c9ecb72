// The card's side of CWA 14890 SM, driven by a terminal built here from the SM primitives the way OpenSC
// builds its messages (sm_cwa_initialize, sm_cwa_securize_apdu), plus the python-made known answers of
// tests/secure-messaging/vectors.
#include <gtest/gtest.h>
#include <openssl/rand.h>

#include "../../secure-messaging/vectors/SmVectors.h"
#include "ias/apdu/Tlv.h"
#include "vcard/CardSm.h"

namespace ias::vcard {
namespace {

using namespace sm_vectors;

Bytes hex(std::string_view s) {
    return fromHex(s);
}
Bytes bytesOf(ByteView v) {
    return Bytes(v.begin(), v.end());
}
Bytes randomBytes(std::size_t n) {
    Bytes b(n);
    EXPECT_EQ(RAND_bytes(b.data(), static_cast<int>(n)), 1);
    return b;
}
SmKeyset keyset(std::string_view enc, std::string_view mac) {
    return SmKeyset{SecureBuffer::copyOf(enc), SecureBuffer::copyOf(mac)};
}
SmKeyset vectorKeyset() {
    return SmKeyset{SecureBuffer::copyOf(hex(kMaStaticEnc)), SecureBuffer::copyOf(hex(kMaStaticMac))};
}
Bytes macOf(ByteView key, ByteView data) {
    return sm::retailMac(key, sm::pad(data).view());
}
void increment(Bytes& ssc) {
    for (std::size_t i = ssc.size(); i-- > 0;)
        if (++ssc[i] != 0) break;
}

// The terminal (IFD) side, written from the facts (§6) with the primitives only.
struct Terminal {
    Bytes rndIfd = randomBytes(8);
    Bytes snIfd = hex("1122334455667788");
    Bytes kIfd = randomBytes(32);
    Bytes kEnc, kMac, ssc;

    Bytes authenticateCommand(const SmKeyset& keys, ByteView rndIcc, ByteView snIcc) const {
        Bytes s = rndIfd;
        append(s, snIfd);
        append(s, rndIcc);
        append(s, snIcc);
        append(s, kIfd);
        Bytes e = bytesOf(sm::des3CbcEncrypt(keys.enc.view(), s).view());
        Bytes message = e;
        append(message, macOf(keys.mac.view(), e));
        return message;
    }

    // Checks the card's answer as OpenSC does and derives the session.
    void acceptAnswer(const SmKeyset& keys, ByteView answer, ByteView rndIcc, ByteView snIcc, SmKdf kdf) {
        ASSERT_EQ(answer.size(), 0x48u);
        ASSERT_EQ(toHex(macOf(keys.mac.view(), answer.first(64))), toHex(answer.last(8)));
        const SecureBuffer r = sm::des3CbcDecrypt(keys.enc.view(), answer.first(64));
        ASSERT_EQ(toHex(r.view().subspan(0, 8)), toHex(rndIcc));
        ASSERT_EQ(toHex(r.view().subspan(8, 8)), toHex(snIcc));
        ASSERT_EQ(toHex(r.view().subspan(16, 8)), toHex(rndIfd));
        ASSERT_EQ(toHex(r.view().subspan(24, 8)), toHex(snIfd));
        const sm::SessionKeys k = sm::deriveSessionKeys(kIfd, r.view().subspan(32, 32), kdf);
        kEnc = bytesOf(k.enc.view());
        kMac = bytesOf(k.mac.view());
        ssc = bytesOf(rndIcc.subspan(4, 4));
        append(ssc, view(rndIfd).subspan(4, 4));
    }

    // sm_cwa_securize_apdu: DO87/DO85 always (even without data), DO97 always, DO8E.
    CommandApdu wrap(std::uint8_t cla, std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data,
                     std::uint8_t le) {
        increment(ssc);
        const Bytes c = bytesOf(sm::des3CbcEncrypt(kEnc, sm::pad(data).view()).view());
        Bytes dos;
        if (ins & 1) {
            appendTlv(dos, 0x85, c);
        } else {
            Bytes v{0x01};
            append(v, c);
            appendTlv(dos, 0x87, v);
        }
        appendTlv(dos, 0x97, Bytes{le});
        Bytes macInput = ssc;
        macInput.insert(macInput.end(), {static_cast<std::uint8_t>(cla | 0x0C), ins, p1, p2, 0x80, 0, 0, 0});
        append(macInput, dos);
        appendTlv(dos, 0x8E, macOf(kMac, macInput));
        increment(ssc);                                  // OpenSC counts the response here already
        const std::size_t outerLe = le == 0 ? 256 : le;  // DO97 00 means 256, as in a short Le
        return CommandApdu(static_cast<std::uint8_t>(cla | 0x0C), ins, p1, p2, dos, outerLe);
    }

    // What our middleware does and OpenSC does not: verify the response MAC with the response's SSC.
    std::pair<Bytes, StatusWord> unwrap(const ResponseApdu& response) const {
        EXPECT_TRUE(response.sw().ok());
        const std::vector<Tlv> dos = parseTlvList(response.data());
        EXPECT_GE(dos.size(), 2u);
        EXPECT_EQ(dos.back().tag, 0x8Eu);
        Bytes macInput = ssc;
        Bytes plain;
        StatusWord status;
        for (std::size_t i = 0; i + 1 < dos.size(); ++i) {
            append(macInput, dos[i].encoded);
            if (dos[i].tag == 0x87) {
                EXPECT_EQ(dos[i].value[0], 0x01);
                plain = bytesOf(sm::unpad(sm::des3CbcDecrypt(kEnc, dos[i].value.subspan(1)).view()).view());
            } else if (dos[i].tag == 0x99) {
                status = StatusWord(dos[i].value[0], dos[i].value[1]);
            }
        }
        EXPECT_TRUE(sm::macEquals(macOf(kMac, macInput), dos.back().value)) << "response MAC does not verify";
        return {plain, status};
    }
};

struct Handshake {
    Terminal terminal;
    Bytes rndIcc = randomBytes(8);
    Bytes snIcc = hex("0000000012345678");
    SmKeyset keys = keyset("RW_PRIV_ENC_TEST", "RW_PRIV_MAC_TEST");
};

StatusWord swOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const SmError& e) {
        return e.sw();
    }
    ADD_FAILURE() << "no SmError";
    return sw::Ok;
}

// --- known answers from make_vectors.py ----------------------------------------------------------------

TEST(CardSmKnownAnswer, MutualAuthenticateAnswerMatchesScript) {
    auto [session, answer] = CardSmSession::mutualAuthenticateWithKIcc(
        hex(kMaCommand), hex(kMaRndIcc), hex(kMaSnIcc), vectorKeyset(), SmKdf::Sha1, hex(kMaKIcc));
    EXPECT_EQ(toHex(answer), kMaResponse);
    EXPECT_EQ(toHex(session.ssc()), kMaSsc);
}

TEST(CardSmKnownAnswer, SessionTrafficMatchesScript) {
    auto [session, answer] = CardSmSession::mutualAuthenticateWithKIcc(
        hex(kMaCommand), hex(kMaRndIcc), hex(kMaSnIcc), vectorKeyset(), SmKdf::Sha1, hex(kMaKIcc));

    const Bytes h1 = hex(kCmd1Header);
    const CommandApdu verify =
        session.unwrapCommand(CommandApdu(h1[0], h1[1], h1[2], h1[3], hex(kCmd1Body), 0x0E));
    EXPECT_EQ(verify.cla(), 0x00);
    EXPECT_EQ(verify.ins(), 0x20);
    EXPECT_EQ(verify.p2(), 0x01);
    EXPECT_EQ(toHex(verify.data().view()), "31323334FFFFFFFF");
    EXPECT_EQ(verify.le(), std::optional<std::size_t>(0x0E));
    EXPECT_EQ(toHex(session.wrapResponse(ResponseApdu({}, sw::Ok)).data()), kRsp1);

    const Bytes h2 = hex(kCmd2Header);
    const CommandApdu put =
        session.unwrapCommand(CommandApdu(h2[0], h2[1], h2[2], h2[3], hex(kCmd2Body), 0x0E));
    EXPECT_EQ(put.ins(), 0xDB);
    EXPECT_EQ(toHex(put.data().view()), kCmd2Plain);
    const ResponseApdu r2 = session.wrapResponse(ResponseApdu(hex(kRsp2Plain), sw::Ok));
    EXPECT_EQ(toHex(r2.data()), kRsp2);
    EXPECT_TRUE(r2.sw().ok());

    const Bytes h3 = hex(kCmd3Header);
    const CommandApdu del =
        session.unwrapCommand(CommandApdu(h3[0], h3[1], h3[2], h3[3], hex(kCmd3Body), 0x0E));
    EXPECT_EQ(del.ins(), 0xE4);
    EXPECT_TRUE(del.data().empty());
}

TEST(CardSmKnownAnswer, SnIccFromSerialTakesLastEightOrLeftPads) {
    EXPECT_EQ(toHex(snIccFromSerial(hex(kMaSerial))), kMaSnIcc);
    EXPECT_EQ(toHex(snIccFromSerial(hex("12345678"))), "0000000012345678");
    EXPECT_EQ(toHex(snIccFromSerial(hex("0102030405060708"))), "0102030405060708");
}

// --- handshake ---------------------------------------------------------------------------------------

TEST(CardSmHandshake, SucceedsWithSha1AndSha256) {
    for (SmKdf kdf : {SmKdf::Sha1, SmKdf::Sha256}) {
        Handshake h;
        auto [session, answer] = CardSmSession::mutualAuthenticate(
            h.terminal.authenticateCommand(h.keys, h.rndIcc, h.snIcc), h.rndIcc, h.snIcc, h.keys, kdf);
        h.terminal.acceptAnswer(h.keys, answer, h.rndIcc, h.snIcc, kdf);
        EXPECT_EQ(toHex(session.ssc()), toHex(h.terminal.ssc));
        // Same session keys on both sides: a wrapped command unwraps.
        const CommandApdu plain =
            session.unwrapCommand(h.terminal.wrap(0x00, 0x20, 0x00, 0x81, hex("31323334"), 0x0E));
        EXPECT_EQ(toHex(plain.data().view()), "31323334");
        EXPECT_EQ(plain.p2(), 0x81);
    }
}

TEST(CardSmHandshake, KIccIsFreshEachTime) {
    Handshake h;
    const Bytes command = h.terminal.authenticateCommand(h.keys, h.rndIcc, h.snIcc);
    auto first = CardSmSession::mutualAuthenticate(command, h.rndIcc, h.snIcc, h.keys, SmKdf::Sha1);
    auto second = CardSmSession::mutualAuthenticate(command, h.rndIcc, h.snIcc, h.keys, SmKdf::Sha1);
    EXPECT_NE(toHex(first.second), toHex(second.second));
}

TEST(CardSmHandshake, WrongStaticEncKeyIsRefused) {
    Handshake h;
    const SmKeyset terminalKeys = keyset("RW_PUBL_ENC_TEST", "RW_PRIV_MAC_TEST");
    const Bytes command = h.terminal.authenticateCommand(terminalKeys, h.rndIcc, h.snIcc);
    EXPECT_EQ(
        swOf([&] { CardSmSession::mutualAuthenticate(command, h.rndIcc, h.snIcc, h.keys, SmKdf::Sha1); }),
        StatusWord(0x6300));
}

TEST(CardSmHandshake, WrongStaticMacKeyIsRefused) {
    Handshake h;
    const SmKeyset terminalKeys = keyset("RW_PRIV_ENC_TEST", "RW_PUBL_MAC_TEST");
    const Bytes command = h.terminal.authenticateCommand(terminalKeys, h.rndIcc, h.snIcc);
    EXPECT_EQ(
        swOf([&] { CardSmSession::mutualAuthenticate(command, h.rndIcc, h.snIcc, h.keys, SmKdf::Sha1); }),
        StatusWord(0x6300));
}

TEST(CardSmHandshake, AnswerForAnotherChallengeIsRefused) {
    Handshake h;
    const Bytes command = h.terminal.authenticateCommand(h.keys, randomBytes(8), h.snIcc);
    EXPECT_EQ(
        swOf([&] { CardSmSession::mutualAuthenticate(command, h.rndIcc, h.snIcc, h.keys, SmKdf::Sha1); }),
        StatusWord(0x6300));
}

TEST(CardSmHandshake, AnswerForAnotherCardIsRefused) {
    Handshake h;
    const Bytes command = h.terminal.authenticateCommand(h.keys, h.rndIcc, hex("0000000087654321"));
    EXPECT_EQ(
        swOf([&] { CardSmSession::mutualAuthenticate(command, h.rndIcc, h.snIcc, h.keys, SmKdf::Sha1); }),
        StatusWord(0x6300));
}

TEST(CardSmHandshake, BadLengthOrMissingChallengeIsRefused) {
    Handshake h;
    Bytes command = h.terminal.authenticateCommand(h.keys, h.rndIcc, h.snIcc);
    command.pop_back();
    EXPECT_EQ(
        swOf([&] { CardSmSession::mutualAuthenticate(command, h.rndIcc, h.snIcc, h.keys, SmKdf::Sha1); }),
        sw::WrongLength);
    EXPECT_EQ(
        swOf([&] { CardSmSession::mutualAuthenticate(Bytes{}, h.rndIcc, h.snIcc, h.keys, SmKdf::Sha1); }),
        sw::WrongLength);
    EXPECT_EQ(
        swOf([&] { CardSmSession::mutualAuthenticate(command, Bytes{}, h.snIcc, h.keys, SmKdf::Sha1); }),
        sw::ConditionsNotSatisfied);
}

// --- commands and responses ----------------------------------------------------------------------------

struct OpenSession {
    Handshake h;
    std::optional<CardSmSession> card;
    OpenSession() {
        auto [session, answer] =
            CardSmSession::mutualAuthenticate(h.terminal.authenticateCommand(h.keys, h.rndIcc, h.snIcc),
                                              h.rndIcc, h.snIcc, h.keys, SmKdf::Sha256);
        h.terminal.acceptAnswer(h.keys, answer, h.rndIcc, h.snIcc, SmKdf::Sha256);
        card.emplace(std::move(session));
    }
    Terminal& t() { return h.terminal; }
};

CommandApdu withData(const CommandApdu& c, Bytes data) {
    return CommandApdu(c.cla(), c.ins(), c.p1(), c.p2(), data, c.le());
}
Bytes dataOf(const CommandApdu& c) {
    return bytesOf(c.data().view());
}

TEST(CardSmCommand, FlippedMacByteIsRefused) {
    OpenSession s;
    const CommandApdu wrapped = s.t().wrap(0x00, 0x20, 0x00, 0x01, hex("31323334"), 0x0E);
    Bytes data = dataOf(wrapped);
    data.back() ^= 0x01;
    EXPECT_EQ(swOf([&] { s.card->unwrapCommand(withData(wrapped, data)); }), sw::SmDataObjectsIncorrect);
}

TEST(CardSmCommand, FlippedCryptogramByteIsRefused) {
    OpenSession s;
    const CommandApdu wrapped = s.t().wrap(0x00, 0x20, 0x00, 0x01, hex("31323334"), 0x0E);
    Bytes data = dataOf(wrapped);
    data[4] ^= 0x80;  // inside DO87's cryptogram
    EXPECT_EQ(swOf([&] { s.card->unwrapCommand(withData(wrapped, data)); }), sw::SmDataObjectsIncorrect);
}

TEST(CardSmCommand, ChangedHeaderIsRefused) {
    OpenSession s;
    const CommandApdu wrapped = s.t().wrap(0x00, 0x20, 0x00, 0x01, hex("31323334"), 0x0E);
    const CommandApdu otherPin(wrapped.cla(), wrapped.ins(), wrapped.p1(), 0x02, dataOf(wrapped),
                               wrapped.le());
    EXPECT_EQ(swOf([&] { s.card->unwrapCommand(otherPin); }), sw::SmDataObjectsIncorrect);
}

TEST(CardSmCommand, MissingDo8EIsRefused) {
    OpenSession s;
    const CommandApdu wrapped = s.t().wrap(0x00, 0x20, 0x00, 0x01, hex("31323334"), 0x0E);
    Bytes data = dataOf(wrapped);
    ASSERT_GT(data.size(), 10u);
    data.erase(data.end() - 10, data.end());  // drop 8E 08 <MAC>
    EXPECT_EQ(swOf([&] { s.card->unwrapCommand(withData(wrapped, data)); }), sw::SmDataObjectsMissing);
    EXPECT_EQ(swOf([&] { s.card->unwrapCommand(withData(wrapped, Bytes{})); }), sw::SmDataObjectsMissing);
}

TEST(CardSmCommand, MalformedDataObjectsAreRefused) {
    OpenSession s;
    const CommandApdu wrapped = s.t().wrap(0x00, 0x20, 0x00, 0x01, hex("31323334"), 0x0E);
    EXPECT_EQ(swOf([&] { s.card->unwrapCommand(withData(wrapped, hex("87 20 01 02"))); }),
              sw::SmDataObjectsIncorrect);  // length runs past the end
    EXPECT_EQ(swOf([&] { s.card->unwrapCommand(withData(wrapped, hex("81 01 00 8E 08 0000000000000000"))); }),
              sw::SmDataObjectsIncorrect);  // a DO this card does not accept
    EXPECT_EQ(swOf([&] { s.card->unwrapCommand(withData(wrapped, hex("8E 04 00000000"))); }),
              sw::SmDataObjectsIncorrect);  // short MAC
}

TEST(CardSmCommand, ClaWithoutHeaderAuthenticationIsRefused) {
    OpenSession s;
    const CommandApdu wrapped = s.t().wrap(0x00, 0x20, 0x00, 0x01, hex("31323334"), 0x0E);
    const CommandApdu noHeaderAuth(0x08, wrapped.ins(), wrapped.p1(), wrapped.p2(), dataOf(wrapped),
                                   wrapped.le());
    EXPECT_EQ(swOf([&] { s.card->unwrapCommand(noHeaderAuth); }), sw::SmNotSupported);
}

TEST(CardSmCommand, ReplayedCommandIsRefused) {
    OpenSession s;
    const CommandApdu wrapped = s.t().wrap(0x00, 0x20, 0x00, 0x01, hex("31323334"), 0x0E);
    EXPECT_NO_THROW(s.card->unwrapCommand(wrapped));
    s.card->wrapResponse(ResponseApdu({}, sw::Ok));
    EXPECT_EQ(swOf([&] { s.card->unwrapCommand(wrapped); }), sw::SmDataObjectsIncorrect);
}

TEST(CardSmCommand, BadPaddingUnderAValidMacIsRefused) {
    OpenSession s;
    Terminal& t = s.t();
    // A correctly MACed DO87 whose plaintext has no 80 marker, and one with a wrong indicator byte.
    for (const Bytes& value : {[&] {
                                   Bytes v{0x01};
                                   append(v, sm::des3CbcEncrypt(t.kEnc, hex("0102030405060708")).view());
                                   return v;
                               }(),
                               [&] {
                                   Bytes v{0x02};
                                   append(v, sm::des3CbcEncrypt(t.kEnc, sm::pad(hex("01")).view()).view());
                                   return v;
                               }()}) {
        increment(t.ssc);
        Bytes dos;
        appendTlv(dos, 0x87, value);
        Bytes macInput = t.ssc;
        macInput.insert(macInput.end(), {0x0C, 0x20, 0x00, 0x01, 0x80, 0, 0, 0});
        append(macInput, dos);
        appendTlv(dos, 0x8E, macOf(t.kMac, macInput));
        increment(t.ssc);
        EXPECT_EQ(swOf([&] { s.card->unwrapCommand(CommandApdu(0x0C, 0x20, 0x00, 0x01, dos)); }),
                  sw::SmDataObjectsIncorrect);
        s.card->wrapResponse(ResponseApdu({}, sw::Ok));  // keep the counters in step for the next case
    }
}

TEST(CardSmCommand, LeComesFromDo97AndExtendedDataUnwraps) {
    OpenSession s;
    const Bytes big = randomBytes(300);
    const CommandApdu plain = s.card->unwrapCommand(s.t().wrap(0x00, 0xD6, 0x00, 0x10, big, 0x00));
    EXPECT_EQ(toHex(dataOf(plain)), toHex(big));
    EXPECT_EQ(plain.le(), std::optional<std::size_t>(256));
}

TEST(CardSmResponse, MacVerifiesAndSscAdvancesByTwoPerPair) {
    OpenSession s;
    Bytes expected = s.h.terminal.ssc;
    for (int i = 0; i < 3; ++i) {
        const Bytes payload = randomBytes(static_cast<std::size_t>(1 + 40 * i));
        const CommandApdu plain = s.card->unwrapCommand(s.t().wrap(0x00, 0xB0, 0x00, 0x00, Bytes{}, 0x80));
        EXPECT_EQ(plain.ins(), 0xB0);
        const ResponseApdu wrapped = s.card->wrapResponse(ResponseApdu(payload, sw::Ok));
        increment(expected);
        increment(expected);
        EXPECT_EQ(toHex(s.card->ssc()), toHex(expected));
        EXPECT_EQ(toHex(s.t().ssc), toHex(expected));
        const auto [data, status] = s.t().unwrap(wrapped);
        EXPECT_EQ(toHex(data), toHex(payload));
        EXPECT_TRUE(status.ok());
    }
}

TEST(CardSmResponse, WarningIsWrappedInDo99) {
    OpenSession s;
    s.card->unwrapCommand(s.t().wrap(0x00, 0xB0, 0x00, 0x00, Bytes{}, 0x10));
    const auto [data, status] = s.t().unwrap(s.card->wrapResponse(ResponseApdu(hex("AABB"), sw::EndOfFile)));
    EXPECT_EQ(toHex(data), "AABB");
    EXPECT_EQ(status, sw::EndOfFile);
}

TEST(CardSmResponse, ErrorGoesBackPlainAndTheCounterStillAdvances) {
    OpenSession s;
    s.card->unwrapCommand(s.t().wrap(0x00, 0x20, 0x00, 0x01, hex("39393939"), 0x0E));
    const ResponseApdu r = s.card->wrapResponse(ResponseApdu({}, StatusWord(0x63C2)));
    EXPECT_EQ(r.sw(), StatusWord(0x63C2));
    EXPECT_TRUE(r.data().empty());
    EXPECT_EQ(toHex(s.card->ssc()), toHex(s.t().ssc));
    // The session goes on: the next command is accepted.
    EXPECT_NO_THROW(s.card->unwrapCommand(s.t().wrap(0x00, 0x20, 0x00, 0x01, hex("31323334"), 0x0E)));
}

}  // namespace
}  // namespace ias::vcard
