// The request protocol: what the client writes is what the dialog reads, and nothing malformed gets through.
#include <gtest/gtest.h>

#include "ias/pinui/PinRequest.h"

using namespace ias::pinui;

namespace {

PinRequest sample() {
    PinRequest r;
    r.caller = "Firefox";
    r.tokenLabel = "IAS-ECC (Signature)";
    r.kind = PinKind::Signature;
    r.triesLeft = 1;
    r.rules = PinRules{true, 6, 6};
    r.language = "fr";
    return r;
}

}  // namespace

TEST(PinRequest, EncodesEveryFieldAsDocumented) {
    EXPECT_EQ(encodeRequest(sample()),
              "IAS-PINENTRY 1\nCALLER Firefox\nTOKEN IAS-ECC (Signature)\nPIN sign\nMODE entry\nTRIES 1\n"
              "DIGITS yes\nMIN 6\nMAX 6\nLANG fr\nEND\n");
}

TEST(PinRequest, RoundTrips) {
    for (PinKind kind : {PinKind::Authentication, PinKind::Signature, PinKind::Puk,
                         PinKind::NewAuthentication, PinKind::NewSignature}) {
        PinRequest r = sample();
        r.kind = kind;
        r.mode = DialogMode::PinPad;
        r.rules = PinRules{false, 4, 12};
        PinRequest back = decodeRequest(encodeRequest(r));
        EXPECT_EQ(back.kind, kind);
        EXPECT_EQ(back.mode, DialogMode::PinPad);
        EXPECT_EQ(back.caller, "Firefox");
        EXPECT_EQ(back.tokenLabel, "IAS-ECC (Signature)");
        EXPECT_EQ(back.triesLeft, 1);
        EXPECT_FALSE(back.rules.digitsOnly);
        EXPECT_EQ(back.rules.minLength, 4u);
        EXPECT_EQ(back.rules.maxLength, 12u);
        EXPECT_EQ(back.language, "fr");
    }
}

TEST(PinRequest, UnknownTriesAndLanguageAreLeftOut) {
    PinRequest r;
    r.caller = "pkcs11-tool";
    std::string wire = encodeRequest(r);
    EXPECT_EQ(wire.find("TRIES"), std::string::npos);
    EXPECT_EQ(wire.find("LANG"), std::string::npos);
    PinRequest back = decodeRequest(wire);
    EXPECT_FALSE(back.triesLeft.has_value());
    EXPECT_TRUE(back.language.empty());
}

TEST(PinRequest, TextCannotInjectLines) {
    PinRequest r = sample();
    r.caller = "Evil\nPIN puk\nEND\n";
    r.tokenLabel = "a\rb\x1b[31m";
    PinRequest back = decodeRequest(encodeRequest(r));
    EXPECT_EQ(back.caller, "EvilPIN pukEND");
    EXPECT_EQ(back.tokenLabel, "ab[31m");
    EXPECT_EQ(back.kind, PinKind::Signature);
}

TEST(PinRequest, LongTextIsCutOnACharacterBoundary) {
    PinRequest r = sample();
    r.caller = std::string(kMaxTextField - 1, 'x') + "é";  // the 2-byte é straddles the limit
    PinRequest back = decodeRequest(encodeRequest(r));
    EXPECT_EQ(back.caller, std::string(kMaxTextField - 1, 'x'));
}

TEST(PinRequest, RulesTheProtocolCannotCarryAreRefused) {
    PinRequest r = sample();
    r.rules = PinRules{true, 0, 8};
    EXPECT_THROW(encodeRequest(r), ProtocolError);
    r.rules = PinRules{true, 9, 8};
    EXPECT_THROW(encodeRequest(r), ProtocolError);
    r.rules = PinRules{true, 4, kMaxPinLength + 1};
    EXPECT_THROW(encodeRequest(r), ProtocolError);
    r = sample();
    r.triesLeft = -1;
    EXPECT_THROW(encodeRequest(r), ProtocolError);
    r = sample();
    r.language = "fr\nPIN puk";
    EXPECT_THROW(encodeRequest(r), ProtocolError);
}

TEST(PinRequest, MalformedRequestsAreRefused) {
    const std::string ok = "IAS-PINENTRY 1\nPIN auth\nEND\n";
    EXPECT_NO_THROW(decodeRequest(ok));
    for (const char* bad : {
             "",
             "IAS-PINENTRY 2\nPIN auth\nEND\n",
             "PIN auth\nEND\n",
             "IAS-PINENTRY 1\nPIN auth\n",     // no END
             "IAS-PINENTRY 1\nPIN auth\nEND",  // END without newline
             "IAS-PINENTRY 1\nEND\n",          // no PIN kind
             "IAS-PINENTRY 1\nPIN admin\nEND\n",
             "IAS-PINENTRY 1\nPIN auth\nMODE popup\nEND\n",
             "IAS-PINENTRY 1\nPIN auth\nTRIES -1\nEND\n",
             "IAS-PINENTRY 1\nPIN auth\nTRIES 3x\nEND\n",
             "IAS-PINENTRY 1\nPIN auth\nTRIES 100\nEND\n",
             "IAS-PINENTRY 1\nPIN auth\nMIN 0\nEND\n",
             "IAS-PINENTRY 1\nPIN auth\nMAX 65\nEND\n",
             "IAS-PINENTRY 1\nPIN auth\nMIN 9\nMAX 8\nEND\n",
             "IAS-PINENTRY 1\nPIN auth\nDIGITS maybe\nEND\n",
             "IAS-PINENTRY 1\nPIN auth\nLANG ../../etc\nEND\n",
         }) {
        EXPECT_THROW(decodeRequest(bad), ProtocolError) << bad;
    }
    EXPECT_THROW(decodeRequest(std::string(5000, 'A')), ProtocolError);
}

TEST(PinRequest, UnknownKeysAreSkipped) {
    PinRequest r = decodeRequest("IAS-PINENTRY 1\nPIN puk\nCOLOUR blue\nEND\n");
    EXPECT_EQ(r.kind, PinKind::Puk);
}

TEST(PinRules, AcceptOnlyWhatTheCardTakes) {
    auto bytes = [](std::string_view s) {
        return ias::ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
    };
    PinRules digits{true, 4, 8};
    EXPECT_TRUE(digits.accepts(bytes("1234")));
    EXPECT_TRUE(digits.accepts(bytes("12345678")));
    EXPECT_FALSE(digits.accepts(bytes("123")));
    EXPECT_FALSE(digits.accepts(bytes("123456789")));
    EXPECT_FALSE(digits.accepts(bytes("12a4")));
    EXPECT_FALSE(digits.accepts(bytes("12 4")));
    EXPECT_FALSE(
        digits.accepts(bytes(std::string_view("12\0"
                                              "4",
                                              4))));
    PinRules text{false, 4, 8};
    EXPECT_TRUE(text.accepts(bytes("aB3$")));
    EXPECT_FALSE(text.accepts(bytes("ab d")));
    EXPECT_FALSE(text.accepts(bytes("abc\n")));
    EXPECT_FALSE(text.accepts(bytes("abc\xc3\xa9")));  // é: outside printable ASCII
}
