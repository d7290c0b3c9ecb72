// Device authentication failures, against a scripted card answering python-made bytes
// (vectors/make_vectors.py): every refusal is an SmError and no session comes out of it.
#include <gtest/gtest.h>

#include "ScriptedCard.h"
#include "ias/sm/SmSession.h"
#include "vectors/SmVectors.h"

namespace ias::sm {
namespace {

using namespace sm_vectors;
using testing::expectSmError;
using testing::ScriptedCard;

std::string str(std::string_view s) {
    return std::string(s);
}

class SmSessionHandshake : public ::testing::Test {
protected:
    ScriptedCard card;
    InProcessTransport transport{card};
    Keyset keys = testing::keysetOf("RW_PRIV_ENC_TEST", "RW_PRIV_MAC_TEST");
    Bytes snIfd = fromHex(kMaSnIfd);
    Bytes snIcc = fromHex(kMaSnIcc);
    Bytes randoms = [] {
        Bytes r = fromHex(kMaRndIfd);
        append(r, fromHex(kMaKIfd));
        return r;
    }();

    SmSession open() {
        return SmSession::open(transport, keys, snIfd, snIcc, KdfHash::Sha1, 0x02, 0x0C,
                               testing::replay(randoms));
    }
    void scriptUpToMutualAuthenticate() {
        card.expect("0022C1A40680010C830102", "9000");
        card.expect("0084000008", str(kMaRndIcc) + "9000");
    }
};

TEST_F(SmSessionHandshake, KeysetTheCardDoesNotKnow) {
    card.expect("0022C1A40680010C830102", "6A88");
    const std::string what = expectSmError([&] { open(); }, SmFailureReason::SetupRejected);
    EXPECT_NE(what.find("6A88"), std::string::npos) << what;
    EXPECT_EQ(card.commandsReceived(), 1u);
}

TEST_F(SmSessionHandshake, ChallengeOfTheWrongSize) {
    card.expect("0022C1A40680010C830102", "9000");
    card.expect("0084000008", "C1C2C3C49000");
    expectSmError([&] { open(); }, SmFailureReason::SetupRejected);
}

TEST_F(SmSessionHandshake, CardRefusesOurCryptogram) {
    scriptUpToMutualAuthenticate();
    card.expect("0082000048" + str(kMaCommand) + "48", "6300");
    const std::string what = expectSmError([&] { open(); }, SmFailureReason::AuthenticationFailed);
    EXPECT_NE(what.find("static keys"), std::string::npos) << what;
    EXPECT_NE(what.find("6300"), std::string::npos) << what;
}

TEST_F(SmSessionHandshake, AnswerOfTheWrongLength) {
    scriptUpToMutualAuthenticate();
    card.expect("", str(kMaResponse.substr(0, 128)) + "9000");
    expectSmError([&] { open(); }, SmFailureReason::AuthenticationFailed);
}

TEST_F(SmSessionHandshake, EveryFlippedByteOfTheCardsCryptogramIsCaught) {
    const Bytes good = fromHex(kMaResponse);
    for (std::size_t i = 0; i < good.size(); ++i) {
        ScriptedCard flipped;
        InProcessTransport t{flipped};
        Bytes bad = good;
        bad[i] ^= 0x01;
        flipped.expect("0022C1A40680010C830102", "9000");
        flipped.expect("0084000008", str(kMaRndIcc) + "9000");
        flipped.expect("", toHex(bad) + "9000");
        expectSmError(
            [&] {
                SmSession::open(t, keys, snIfd, snIcc, KdfHash::Sha1, 0x02, 0x0C, testing::replay(randoms));
            },
            SmFailureReason::AuthenticationFailed);
    }
}

TEST_F(SmSessionHandshake, AnswerForAnotherCard) {
    // We believe the card has another serial: its (authentic) answer names its own SN.ICC.
    snIcc = fromHex("0000000000000001");
    scriptUpToMutualAuthenticate();
    card.expect("", str(kMaResponse) + "9000");
    const std::string what = expectSmError([&] { open(); }, SmFailureReason::AuthenticationFailed);
    EXPECT_NE(what.find("SN.ICC"), std::string::npos) << what;
}

TEST_F(SmSessionHandshake, AnswerThatDoesNotEchoOurRandom) {
    randoms[0] ^= 0xFF;  // our RND.IFD differs from the one the (replayed) answer echoes
    scriptUpToMutualAuthenticate();
    card.expect("", str(kMaResponse) + "9000");
    const std::string what = expectSmError([&] { open(); }, SmFailureReason::AuthenticationFailed);
    EXPECT_NE(what.find("RND.IFD"), std::string::npos) << what;
}

TEST_F(SmSessionHandshake, AnswerUnderOtherStaticKeys) {
    keys = testing::keysetOf("RW_PRIV_ENC_TEST", "RW_PUBL_MAC_TEST");
    scriptUpToMutualAuthenticate();
    card.expect("", str(kMaResponse) + "9000");
    const std::string what = expectSmError([&] { open(); }, SmFailureReason::AuthenticationFailed);
    EXPECT_NE(what.find("MAC"), std::string::npos) << what;
}

TEST_F(SmSessionHandshake, BadArgumentsNeverReachTheCard) {
    EXPECT_THROW(SmSession::open(transport, keys, Bytes(7), snIcc, KdfHash::Sha1, 2, 0x0C),
                 std::invalid_argument);
    EXPECT_THROW(SmSession::open(transport, keys, snIfd, Bytes(9), KdfHash::Sha1, 2, 0x0C),
                 std::invalid_argument);
    EXPECT_THROW(SmSession::open(transport, keys, snIfd, snIcc, KdfHash::Sha256, 2, 0x0C),
                 std::invalid_argument);
    EXPECT_THROW(SmSession::open(transport, keys, snIfd, snIcc, KdfHash::Sha1, 2, 0x8C),
                 std::invalid_argument);
    EXPECT_THROW(
        SmSession::open(transport, Keyset{SecureBuffer::copyOf(Bytes(8)), SecureBuffer::copyOf(Bytes(16))},
                        snIfd, snIcc, KdfHash::Sha1, 2, 0x0C),
        std::invalid_argument);
    EXPECT_EQ(card.commandsReceived(), 0u);
}

}  // namespace
}  // namespace ias::sm
