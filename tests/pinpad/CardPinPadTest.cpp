// ias::api::Card's PIN-pad paths against the in-process virtual card, through a pad that does what the test
// reader does: the host's structure (apdu PinPad.h) parsed and filled by the reader's own code
// (tests/pinpad-reader/PinPadCommand.cpp) with what the test typed, then sent to the card.
#include "../ias-api/CardFixture.h"
#include "PinPadCommand.h"
#include "ias/apdu/PinPad.h"

namespace ias::api::test {
namespace {

namespace pad = ias::pinpad;

class FakePad : public PinPad {
public:
    explicit FakePad(Transport& card) : card_(card) {}
    bool canVerify() const override { return true; }
    bool canModify() const override { return true; }
    ResponseApdu verifyPin(const PinPadVerifyRequest& request) override {
        const Bytes s = encodeVerifyStructure(request);
        pad::VerifyRequest parsed;
        std::string why;
        if (pad::parseVerify(s.data(), s.size(), parsed, why) != pad::Outcome::Ok) return refuse();
        return run(parsed, &pad::buildVerifyApdu);
    }
    ResponseApdu modifyPin(const PinPadModifyRequest& request) override {
        const Bytes s = encodeModifyStructure(request);
        pad::ModifyRequest parsed;
        std::string why;
        if (pad::parseModify(s.data(), s.size(), parsed, why) != pad::Outcome::Ok) return refuse();
        return run(parsed, &pad::buildModifyApdu);
    }

    pad::TypedEntry typed;
    std::vector<Bytes> sentHeaders;  // CLA INS P1 P2 Lc of each APDU the pad sent to the card

private:
    Transport& card_;
    ResponseApdu refuse() { return interpretPinPadAnswer(pad::statusOf(pad::Outcome::BadParameter)); }
    template <class Request>
    ResponseApdu run(const Request& request,
                     pad::Outcome (*build)(const Request&, const pad::TypedEntry&, std::vector<std::uint8_t>&,
                                           std::string&)) {
        std::vector<std::uint8_t> apdu;
        std::string why;
        const pad::Outcome o = build(request, typed, apdu, why);
        if (o != pad::Outcome::Ok) return interpretPinPadAnswer(pad::statusOf(o));
        sentHeaders.emplace_back(apdu.begin(), apdu.begin() + 5);
        SecureBuffer command = SecureBuffer::copyOf(ByteView(apdu));
        std::fill(apdu.begin(), apdu.end(), 0);
        return card_.transmitRaw(command);
    }
};

// The test bed's transport with a PIN-pad in its reader.
class PadTransport : public CountingTransport {
public:
    explicit PadTransport(Transport& inner) : CountingTransport(inner), pad(*this) {}
    PinPad* pinPad() override { return &pad; }
    FakePad pad;
};

class CardPinPad : public CardTest {
protected:
    void SetUp() override {
        CardTest::SetUp();
        padTransport_ = std::make_unique<PadTransport>(*transport_);
    }
    void TearDown() override {
        padTransport_.reset();
        CardTest::TearDown();
    }
    std::unique_ptr<Card> openPadCard() {
        Card::Options o;
        o.cache = cache_;
        o.smKeys = keys_;
        return std::make_unique<Card>(*padTransport_, o);
    }
    void type(const char* first, const char* second = "", const char* confirmation = "") {
        padTransport_->pad.typed = pad::TypedEntry{pad::Outcome::Ok, first, second, confirmation};
    }
    std::unique_ptr<PadTransport> padTransport_;
};

TEST_F(CardPinPad, OnlyPinsWithAClearVerifyGoToThePad) {
    auto plain = openCard();
    EXPECT_FALSE(plain->readerHasPinPad());
    EXPECT_FALSE(plain->pinEntryOnReader(kAuthPin));
    EXPECT_THROW(plain->verifyPinOnReader(kAuthPin), ApiError);
    auto card = openPadCard();
    EXPECT_TRUE(card->readerHasPinPad());
    EXPECT_TRUE(card->pinEntryOnReader(kAuthPin));
    EXPECT_TRUE(card->pinEntryOnReader(kPuk));
    // The signature PIN's VERIFY goes under SM: a pad cannot wrap it.
    EXPECT_FALSE(card->pinEntryOnReader(kSignPin));
    type("123456");
    try {
        card->verifyPinOnReader(kSignPin);
        ADD_FAILURE() << "the signature PIN went to the pad";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.kind(), ApiErrorKind::NotSupported);
    }
    EXPECT_TRUE(padTransport_->pad.sentHeaders.empty());
}

TEST_F(CardPinPad, VerifySendsAPaddedBlockAndTheCardAccepts) {
    auto card = openPadCard();
    type("1234");
    card->verifyPinOnReader(kAuthPin);
    ASSERT_EQ(padTransport_->pad.sentHeaders.size(), 1u);
    EXPECT_EQ(toHex(padTransport_->pad.sentHeaders[0]), "0020000108");
    EXPECT_TRUE(card->pinStatus(kAuthPin).verified);
}

TEST_F(CardPinPad, WrongPinCancelAndTimeoutAreTyped) {
    auto card = openPadCard();
    type("9999");
    try {
        card->verifyPinOnReader(kAuthPin);
        ADD_FAILURE() << "a wrong PIN was accepted";
    } catch (const PinIncorrect& e) {
        EXPECT_EQ(e.triesLeft(), 2);
    }
    padTransport_->pad.typed = pad::TypedEntry{pad::Outcome::Cancelled, "", "", ""};
    try {
        card->verifyPinOnReader(kAuthPin);
        ADD_FAILURE() << "cancel was not reported";
    } catch (const PinEntryError& e) {
        EXPECT_EQ(e.reason(), PinEntryError::Reason::Cancelled);
    }
    padTransport_->pad.typed = pad::TypedEntry{pad::Outcome::Timeout, "", "", ""};
    EXPECT_THROW(card->verifyPinOnReader(kAuthPin), PinEntryError);
    type("123");  // shorter than the card's minimum: the pad refuses it
    EXPECT_THROW(card->verifyPinOnReader(kAuthPin), PinEntryError);
    EXPECT_EQ(padTransport_->pad.sentHeaders.size(), 1u);
    EXPECT_EQ(card->pinStatus(kAuthPin).triesLeft, 2);
}

TEST_F(CardPinPad, ChangeOnThePadPersists) {
    auto card = openPadCard();
    type("1234", "5678", "5678");
    card->changePinOnReader(kAuthPin);
    ASSERT_EQ(padTransport_->pad.sentHeaders.size(), 1u);
    EXPECT_EQ(toHex(padTransport_->pad.sentHeaders[0]), "0024000110");
    type("5678", "1111", "1112");
    EXPECT_THROW(card->changePinOnReader(kAuthPin), PinEntryError);
    card.reset();
    padTransport_.reset();
    restartCard();
    auto again = openCard();
    EXPECT_THROW(again->verifyPin(kAuthPin, secret("1234")), PinIncorrect);
    EXPECT_NO_THROW(again->verifyPin(kAuthPin, secret("5678")));
}

// The PUK's VERIFY is in clear on the test card: it goes on the pad for either PIN, the signature PIN too
// (whose own VERIFY needs secure messaging and stays off the pad).
TEST_F(CardPinPad, ThePukOfEitherPinGoesOnThePad) {
    auto card = openPadCard();
    EXPECT_TRUE(card->pukEntryOnReader(kAuthPin));
    EXPECT_TRUE(card->pukEntryOnReader(kSignPin));
    EXPECT_FALSE(card->pinEntryOnReader(kSignPin));
}

TEST_F(CardPinPad, UnblockWithThePukTypedOnThePad) {
    auto card = openPadCard();
    for (int i = 0; i < 3; ++i) EXPECT_ANY_THROW(card->verifyPin(kAuthPin, secret("9999")));
    EXPECT_TRUE(card->pinStatus(kAuthPin).blocked);
    type("12345678");
    const SecureBuffer newPin = secret("4321");
    card->unblockPinOnReader(kAuthPin, &newPin);
    EXPECT_EQ(toHex(padTransport_->pad.sentHeaders.at(0)), "0020000208");
    EXPECT_NO_THROW(card->verifyPin(kAuthPin, secret("4321")));
}

}  // namespace
}  // namespace ias::api::test
