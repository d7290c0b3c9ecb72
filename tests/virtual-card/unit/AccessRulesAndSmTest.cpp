// Access rules as the card enforces them: user authentication through SE n's A4/08 CRT, secure messaging
// through SE n's A4/C0 CRT (a session opened here by a terminal built from the SM primitives, facts §6).
#include <openssl/rand.h>

#include "TestCard.h"
#include "ias/apdu/Tlv.h"
#include "ias/sm/SmCrypto.h"
#include "vcard/Acl.h"

namespace ias::vcard::test {
namespace {

Bytes plainBytes(const SecureBuffer& b) {
    return Bytes(b.view().begin(), b.view().end());
}

void increment(Bytes& ssc) {
    for (std::size_t i = ssc.size(); i-- > 0;)
        if (++ssc[i] != 0) break;
}

Bytes mac(ByteView key, ByteView data) {
    return sm::retailMac(key, sm::pad(data).view());
}

class AccessRulesAndSm : public CardTest {
protected:
    const Bytes staticEnc = fromHex("52575F505249565F454E435F54455354");  // RW_PRIV_ENC_TEST
    const Bytes staticMac = fromHex("52575F505249565F4D41435F54455354");
    Bytes kEnc, kMac, ssc;

    void openSession() {
        ASSERT_EQ(sw("0022C1A40680018C830102"), 0x9000);
        const ResponseApdu challenge = send("0084000008");
        ASSERT_EQ(challenge.sw().value(), 0x9000);
        const Bytes rndIcc = challenge.data();
        Bytes rndIfd(8), kIfd(32);
        RAND_bytes(rndIfd.data(), 8);
        RAND_bytes(kIfd.data(), 32);
        const Bytes snIfd = fromHex("1122334455667788");
        const Bytes snIcc = fromHex("030405060708090A");  // last 8 bytes of the serial
        Bytes s = rndIfd;
        append(s, snIfd);
        append(s, rndIcc);
        append(s, snIcc);
        append(s, kIfd);
        Bytes message = plainBytes(sm::des3CbcEncrypt(staticEnc, s));
        append(message, mac(staticMac, message));
        Bytes command = fromHex("0082000048");
        append(command, message);
        command.push_back(0x48);
        const ResponseApdu answer = send(command);
        ASSERT_EQ(answer.sw().value(), 0x9000);
        ASSERT_EQ(answer.data().size(), 0x48u);
        const SecureBuffer r = sm::des3CbcDecrypt(staticEnc, ByteView(answer.data()).first(64));
        ASSERT_EQ(toHex(r.view().subspan(8, 8)), toHex(snIcc));
        const sm::SessionKeys keys =
            sm::deriveSessionKeys(kIfd, r.view().subspan(32, 32), sm::KdfHash::Sha256);
        kEnc = plainBytes(keys.enc);
        kMac = plainBytes(keys.mac);
        ssc.assign(rndIcc.begin() + 4, rndIcc.end());
        ssc.insert(ssc.end(), rndIfd.begin() + 4, rndIfd.end());
    }

    // Wraps like OpenSC's sm_cwa_securize_apdu and returns the decrypted answer data and inner status.
    std::pair<Bytes, StatusWord> sendSm(std::uint8_t ins, std::uint8_t p1, std::uint8_t p2, ByteView data,
                                        std::uint8_t le) {
        increment(ssc);
        Bytes dos;
        Bytes v{0x01};
        append(v, sm::des3CbcEncrypt(kEnc, sm::pad(data).view()).view());
        appendTlv(dos, 0x87, v);
        appendTlv(dos, 0x97, Bytes{le});
        Bytes macInput = ssc;
        macInput.insert(macInput.end(), {0x0C, ins, p1, p2, 0x80, 0, 0, 0});
        append(macInput, dos);
        appendTlv(dos, 0x8E, mac(kMac, macInput));
        Bytes raw{0x0C, ins, p1, p2, static_cast<std::uint8_t>(dos.size())};
        append(raw, dos);
        raw.push_back(0x00);
        increment(ssc);
        const ResponseApdu r = send(raw);
        if (!r.sw().ok()) return {{}, r.sw()};
        Bytes plain;
        StatusWord inner;
        const auto items = parseTlvList(r.data());
        Bytes respMac = ssc;
        for (const Tlv& t : items) {
            if (t.tag == 0x8E) {
                EXPECT_TRUE(sm::macEquals(mac(kMac, respMac), t.value));
                continue;
            }
            append(respMac, t.encoded);
            if (t.tag == 0x87)
                plain = plainBytes(sm::unpad(sm::des3CbcDecrypt(kEnc, t.value.subspan(1)).view()));
            if (t.tag == 0x99) inner = StatusWord(t.value[0], t.value[1]);
        }
        return {plain, inner};
    }
};

TEST(AclBytes, ScbFollowsTheAmbBits) {
    const Acl acl = Acl::parse(fromHex("7B1212FFFF4100"));
    EXPECT_EQ(acl.scb(op::KeySign), 0x12);
    EXPECT_EQ(acl.scb(op::KeyInternalAuth), 0x12);
    EXPECT_EQ(acl.scb(op::KeyDecipher), 0xFF);
    EXPECT_EQ(acl.scb(op::SdoPut), 0x41);
    EXPECT_EQ(acl.scb(op::SdoGet), 0x00);
    EXPECT_THROW(Acl::parse(fromHex("43FF")), std::invalid_argument);
    EXPECT_EQ(Acl::parse(fromHex("0100")).scb(op::Update), 0xFF);  // bit not set: never
}

TEST_F(AccessRulesAndSm, UserAuthRuleNeedsThePinOfTheSe) {
    ASSERT_EQ(sw("00A4080C0450005200"), 0x9000);
    EXPECT_EQ(sw("00D6000002AABB"), 0x6982);
    verify(0x01, "1234");
    EXPECT_EQ(sw("00D6000002AABB"), 0x9000);
    EXPECT_EQ(toHex(send("00B0000002").data()), "AABB");
}

TEST_F(AccessRulesAndSm, SmRuleRefusesAPlainRead) {
    ASSERT_EQ(sw("00A4080C0450005100"), 0x9000);
    EXPECT_EQ(sw("00B0000005"), 0x6982);
}

TEST_F(AccessRulesAndSm, SmRuleRefusesAPlainVerify) {
    EXPECT_EQ(sw("002000040439393939"), 0x6982);
    EXPECT_EQ(sw("00200004"), 0x63C3);  // the status query needs no rule
}

TEST_F(AccessRulesAndSm, ReadUnderSecureMessaging) {
    ASSERT_EQ(sw("00A4080C0450005100"), 0x9000);
    openSession();
    const auto [data, status] = sendSm(0xB0, 0x00, 0x00, {}, 0x05);
    EXPECT_EQ(status.value(), 0x9000);
    EXPECT_EQ(toHex(data), "0102030405");
}

TEST_F(AccessRulesAndSm, VerifyUnderSecureMessagingAndPlainErrors) {
    openSession();
    auto [ignored, wrong] = sendSm(0x20, 0x00, 0x04, fromHex("30303030"), 0x00);
    EXPECT_EQ(wrong.value(), 0x63C2);  // errors come back plain, the session stays
    auto [data, ok] = sendSm(0x20, 0x00, 0x04, fromHex("39393939"), 0x00);
    EXPECT_EQ(ok.value(), 0x9000);
    EXPECT_TRUE(data.empty());
    EXPECT_EQ(sw("00200004"), 0x9000);  // a plain command ends the session, not the verification
}

TEST_F(AccessRulesAndSm, WrongKeysetKeysFailMutualAuthentication) {
    ASSERT_EQ(sw("0022C1A40680018C830102"), 0x9000);
    ASSERT_EQ(send("0084000008").sw().value(), 0x9000);
    Bytes command = fromHex("0082000048");
    command.resize(5 + 0x48, 0x33);
    command.push_back(0x48);
    const std::uint16_t status = send(command).sw().value();
    EXPECT_NE(status, 0x9000);
    EXPECT_EQ(sw("0CB0000004"), 0x6882);  // no session
}

TEST_F(AccessRulesAndSm, MutualAuthenticateWithoutChallengeIsRefused) {
    ASSERT_EQ(sw("0022C1A40680018C830102"), 0x9000);
    Bytes command = fromHex("0082000048");
    command.resize(5 + 0x48, 0x33);
    EXPECT_EQ(send(command).sw().value(), 0x6985);
}

TEST_F(AccessRulesAndSm, PutDataOfSmProtectedKeyNeedsSm) {
    selectAdf();
    EXPECT_EQ(sw("00DB3FFF0C700ABF9002067F480380010A"), 0x6982);
}

}  // namespace
}  // namespace ias::vcard::test
