// Card sharing: a reset by another application between or during operations, and card removal.
#include "CardFixture.h"

namespace ias::api::test {
namespace {

class CardSharing : public CardTest {};

TEST_F(CardSharing, ResetLosesPinStateAndSaysSo) {
    auto card = openCard();
    card->verifyPin(kAuthPin, secret("1234"));
    transport_->injectReset();
    Bytes di = fromHex("3031300D060960864801650304020105000420");
    append(di, view(sha("SHA256", Bytes{1})));
    try {
        card->sign(kAuthKey, SignMechanism::RsaPkcs1, di);
        FAIL();
    } catch (const ApiError& e) {
        EXPECT_EQ(e.kind(), ApiErrorKind::SecurityStateLost);
    }
    EXPECT_EQ(transport_->reconnects, 1u);
    // The card really forgot: the next signature wants the PIN again, and works with it.
    EXPECT_FALSE(card->pinStatus(kAuthPin).verified);
    const SecureBuffer pin = secret("1234");
    EXPECT_EQ(card->sign(kAuthKey, SignMechanism::RsaPkcs1, di, &pin).size(), 256u);
}

TEST_F(CardSharing, PublicReadsRecoverFromAResetTransparently) {
    auto card = openCard();
    card->identity();
    transport_->injectReset();
    EXPECT_EQ(card->application().keys.size(), 2u);
    transport_->injectReset();
    EXPECT_EQ(card->certificate(kSignKey), pkiFile("sign.der"));
    EXPECT_EQ(transport_->reconnects, 2u);
}

TEST_F(CardSharing, EveryOperationIsOneTransaction) {
    auto card = openCard();
    card->application();
    transport_->transactions = 0;
    card->verifyPin(kSignPin, secret("123456"));  // status, SM handshake, VERIFY under SM
    EXPECT_EQ(transport_->transactions, 1u);
    const SecureBuffer pin = secret("123456");
    card->sign(kSignKey, SignMechanism::RsaPkcs1Sha256, Bytes(200, 0x41), &pin);  // VERIFY + MSE + HASH + CDS
    EXPECT_EQ(transport_->transactions, 2u);
}

TEST_F(CardSharing, AHoldKeepsWhatOneCallSelectedForTheNext) {
    auto card = openCard();
    card->pinStatus(kSignPin);  // the signature PIN is local: its status needs the application selected
    // Apart, each call is its own transaction and selects the application again (another application may
    // have selected anything in between): SELECT + VERIFY twice.
    transport_->resetCounters();
    card->pinStatus(kSignPin);
    card->pinStatus(kSignPin);
    EXPECT_EQ(transport_->apdus, 4u);
    // Held, one transaction: the second call finds the application still selected.
    transport_->resetCounters();
    {
        Card::Hold hold(*card);
        card->pinStatus(kSignPin);
        card->pinStatus(kSignPin);
    }
    EXPECT_EQ(transport_->apdus, 3u);
    // And after the hold, apart again.
    transport_->resetCounters();
    card->pinStatus(kSignPin);
    EXPECT_EQ(transport_->apdus, 2u);
}

TEST_F(CardSharing, RemovalIsATypedError) {
    auto card = openCard();
    card->application();
    inner_->simulateRemoval();
    EXPECT_THROW(card->verifyPin(kAuthPin, secret("1234")), CardRemovedError);
    EXPECT_THROW(card->pinStatus(kAuthPin), CardRemovedError);
    inner_->simulateInsertion();
    card->verifyPin(kAuthPin, secret("1234"));
}

}  // namespace
}  // namespace ias::api::test
