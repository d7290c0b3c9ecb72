// What the module returns where an independent conformance run found it off PKCS #11 3.0 (issue 15 item 5):
// one row per case, with the function, its input and the code 3.0 lists for that function (section 5.x of
// the base specification gives each function's list). Each row runs on a fresh fake card.
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <ostream>

#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

class ReturnCodes;

// The SHA-256 DigestInfo of "document" (the prefix of RFC 8017 section 9.2, the hash by OpenSSL): what
// CKM_RSA_PKCS signs with the qualified key (hash-and-sign mechanisms need the protected path there).
Bytes documentDigestInfo() {
    Bytes di{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
             0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    const Bytes hash = digest(EVP_sha256(), bytesOf("document"));
    di.insert(di.end(), hash.begin(), hash.end());
    return di;
}

struct Row {
    const char* function;
    const char* input;
    CK_RV expected;
    // Verifications that reached the card (-1: not checked): a PIN refused before the card costs none.
    int verifies;
    CK_RV (*run)(ReturnCodes&);  // the call, from a fresh fake card
};

std::ostream& operator<<(std::ostream& out, const Row& r) {
    return out << r.function << " with " << r.input;
}

// A cryptogram of the right length that is no PKCS #1 v1.5 encryption block: a type-1 (signature) block
// encrypted without padding by OpenSSL with the card's public key, so the card's decryption must refuse it.
Bytes cryptogramWithoutEncryptionPadding(EVP_PKEY* key) {
    const std::size_t k = static_cast<std::size_t>(EVP_PKEY_get_size(key));
    Bytes block(k, 0xFF);
    block[0] = 0x00;
    block[1] = 0x01;
    block[k - 17] = 0x00;
    Bytes out(k);
    std::size_t outLen = out.size();
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
    const bool ok = ctx != nullptr && EVP_PKEY_encrypt_init(ctx) == 1 &&
                    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) == 1 &&
                    EVP_PKEY_encrypt(ctx, out.data(), &outLen, block.data(), block.size()) == 1;
    EVP_PKEY_CTX_free(ctx);
    return ok ? out : Bytes{};
}

class ReturnCodes : public ModuleTest, public ::testing::WithParamInterface<Row> {
public:
    using ModuleTest::attribute;
    using ModuleTest::fake;
    using ModuleTest::findOne;
    using ModuleTest::login;
    using ModuleTest::open;
    using ModuleTest::p11;

    CK_UTF8CHAR_PTR utf8(std::string& s) { return reinterpret_cast<CK_UTF8CHAR_PTR>(s.data()); }
    CK_RV setPin(const std::string& oldPin, const std::string& newPin) {
        std::string o = oldPin, n = newPin;
        return p11->C_SetPIN(open(kAuthSlot, true), utf8(o), o.size(), utf8(n), n.size());
    }
    CK_RV initPin(const std::string& newPin) {
        CK_SESSION_HANDLE rw = open(kAuthSlot, true);
        EXPECT_EQ(login(rw, CKU_SO, "12345678"), CKR_OK);
        std::string n = newPin;
        return p11->C_InitPIN(rw, utf8(n), n.size());
    }
    // C_Sign with CKM_RSA_PKCS on the authentication key after C_Login; the signature must verify with
    // OpenSSL (recovering the input) whenever C_Sign says CKR_OK.
    CK_RV signRaw(std::size_t length) {
        CK_SESSION_HANDLE s = open(kAuthSlot);
        EXPECT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
        const CK_OBJECT_HANDLE key = findOne(s, CKO_PRIVATE_KEY, 0x01);
        Pkey pub = publicKeyOfCertificate(attribute(s, findOne(s, CKO_CERTIFICATE, 0x01), CKA_VALUE));
        Bytes data(length), sig;
        for (std::size_t i = 0; i < length; ++i) data[i] = static_cast<unsigned char>(i * 7 + 1);
        const CK_RV rv = signOnce(s, CK_MECHANISM{CKM_RSA_PKCS, nullptr, 0}, key, data, sig);
        if (rv == CKR_OK) {
            Bytes recovered(sig.size());
            std::size_t n = recovered.size();
            EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(pub.get(), nullptr);
            const bool ok = ctx != nullptr && EVP_PKEY_verify_recover_init(ctx) == 1 &&
                            EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1 &&
                            EVP_PKEY_verify_recover(ctx, recovered.data(), &n, sig.data(), sig.size()) == 1;
            EVP_PKEY_CTX_free(ctx);
            recovered.resize(ok ? n : 0);
            EXPECT_EQ(recovered, data) << "the signature does not verify (openssl verify-recover)";
        }
        return rv;
    }
    // The qualified signature key (always authenticate) used without C_Login(CKU_CONTEXT_SPECIFIC), the
    // module's own PIN dialog (pin.dialog_context) answering `dialog`.
    CK_RV signWithoutContextLogin(const std::optional<std::string>& dialog) {
        fake->setContextDialog(fake::kSignPin, true, dialog);
        CK_SESSION_HANDLE s = open(kSignSlot);
        const CK_OBJECT_HANDLE key = findOne(s, CKO_PRIVATE_KEY, 0x02);
        Bytes sig;
        return signOnce(s, CK_MECHANISM{CKM_RSA_PKCS, nullptr, 0}, key, documentDigestInfo(), sig);
    }
};

CK_RV decryptRefusedCryptogram(ReturnCodes& t) {
    CK_SESSION_HANDLE s = t.open(kAuthSlot);
    EXPECT_EQ(t.login(s, CKU_USER, "1234"), CKR_OK);
    Pkey pub = publicKeyOfCertificate(t.attribute(s, t.findOne(s, CKO_CERTIFICATE, 0x01), CKA_VALUE));
    Bytes cryptogram = cryptogramWithoutEncryptionPadding(pub.get());
    EXPECT_EQ(cryptogram.size(), 256u);
    CK_MECHANISM m{CKM_RSA_PKCS, nullptr, 0};
    EXPECT_EQ(t.p11->C_DecryptInit(s, &m, t.findOne(s, CKO_PRIVATE_KEY, 0x01)), CKR_OK);
    Bytes out(256);
    CK_ULONG outLen = out.size();
    return t.p11->C_Decrypt(s, cryptogram.data(), cryptogram.size(), out.data(), &outLen);
}

CK_RV decryptShortCryptogram(ReturnCodes& t) {
    CK_SESSION_HANDLE s = t.open(kAuthSlot);
    EXPECT_EQ(t.login(s, CKU_USER, "1234"), CKR_OK);
    CK_MECHANISM m{CKM_RSA_PKCS, nullptr, 0};
    EXPECT_EQ(t.p11->C_DecryptInit(s, &m, t.findOne(s, CKO_PRIVATE_KEY, 0x01)), CKR_OK);
    Bytes cryptogram(255, 0x42), out(256);
    CK_ULONG outLen = out.size();
    return t.p11->C_Decrypt(s, cryptogram.data(), cryptogram.size(), out.data(), &outLen);
}

const std::string kNulPin(
    "12\0"
    "4",
    4);

const Row kRows[] = {
    {"C_Decrypt", "a cryptogram the card refuses (no encryption block inside)", CKR_ENCRYPTED_DATA_INVALID,
     -1, decryptRefusedCryptogram},
    {"C_Decrypt", "a cryptogram shorter than the modulus", CKR_ENCRYPTED_DATA_LEN_RANGE, -1,
     decryptShortCryptogram},
    {"C_Sign (CKM_RSA_PKCS, 2048-bit key)", "129 bytes", CKR_OK, -1,
     [](ReturnCodes& t) { return t.signRaw(129); }},
    {"C_Sign (CKM_RSA_PKCS, 2048-bit key)", "245 bytes (k - 11)", CKR_OK, -1,
     [](ReturnCodes& t) { return t.signRaw(245); }},
    {"C_Sign (CKM_RSA_PKCS, 2048-bit key)", "246 bytes", CKR_DATA_LEN_RANGE, -1,
     [](ReturnCodes& t) { return t.signRaw(246); }},
    {"C_Login", "an empty PIN", CKR_PIN_INCORRECT, 0,
     [](ReturnCodes& t) { return t.login(t.open(kAuthSlot), CKU_USER, ""); }},
    {"C_Login", "a PIN shorter than the card's minimum (123)", CKR_PIN_INCORRECT, 0,
     [](ReturnCodes& t) { return t.login(t.open(kAuthSlot), CKU_USER, "123"); }},
    {"C_Login", "a PIN longer than the card's maximum (123456789)", CKR_PIN_INCORRECT, 0,
     [](ReturnCodes& t) { return t.login(t.open(kAuthSlot), CKU_USER, "123456789"); }},
    {"C_Login", "a letter in a numeric PIN (12a4)", CKR_PIN_INCORRECT, 0,
     [](ReturnCodes& t) { return t.login(t.open(kAuthSlot), CKU_USER, "12a4"); }},
    {"C_Login", "a NUL byte in the PIN", CKR_PIN_INCORRECT, 0,
     [](ReturnCodes& t) { return t.login(t.open(kAuthSlot), CKU_USER, kNulPin); }},
    {"C_SetPIN", "an old PIN shorter than the card's minimum", CKR_PIN_INCORRECT, 0,
     [](ReturnCodes& t) { return t.setPin("123", "4321"); }},
    {"C_SetPIN", "a new PIN shorter than the card's minimum", CKR_PIN_LEN_RANGE, 0,
     [](ReturnCodes& t) { return t.setPin("1234", "12"); }},
    {"C_SetPIN", "a letter in the new numeric PIN", CKR_PIN_INVALID, 0,
     [](ReturnCodes& t) { return t.setPin("1234", "12a4"); }},
    {"C_SetPIN", "a NUL byte in the new PIN", CKR_PIN_INVALID, 0,
     [](ReturnCodes& t) { return t.setPin("1234", kNulPin); }},
    {"C_InitPIN", "a new PIN shorter than the card's minimum", CKR_PIN_LEN_RANGE, -1,
     [](ReturnCodes& t) { return t.initPin("12"); }},
    {"C_InitPIN", "a letter in the new numeric PIN", CKR_PIN_INVALID, -1,
     [](ReturnCodes& t) { return t.initPin("ab12"); }},
    {"C_Sign (always-authenticate key)", "no context login, no dialog can be shown", CKR_USER_NOT_LOGGED_IN,
     0, [](ReturnCodes& t) { return t.signWithoutContextLogin(std::nullopt); }},
    {"C_Sign (always-authenticate key)", "no context login, the user cancels the dialog",
     CKR_FUNCTION_CANCELED, 0, [](ReturnCodes& t) { return t.signWithoutContextLogin(std::string()); }},
};

TEST_P(ReturnCodes, AsPkcs11ThreeListsThem) {
    auto verifies = [&] { return fake->verifyCount(fake::kAuthPin) + fake->verifyCount(fake::kSignPin); };
    const int before = verifies();
    EXPECT_EQ(GetParam().run(*this), GetParam().expected);
    if (GetParam().verifies >= 0) {
        EXPECT_EQ(verifies() - before, GetParam().verifies) << "a PIN reached the card";
    }
}

INSTANTIATE_TEST_SUITE_P(Pkcs11v3, ReturnCodes, ::testing::ValuesIn(kRows),
                         [](const ::testing::TestParamInfo<Row>& info) {
                             return "Row" + std::to_string(info.index);
                         });

// After CKR_USER_NOT_LOGGED_IN (no dialog could be shown) the application can do what it says: log in for
// the key (C_Login(CKU_CONTEXT_SPECIFIC)) and sign again.
class SignatureKeyWithoutDialog : public ModuleTest {};

TEST_F(SignatureKeyWithoutDialog, NotLoggedInThenTheApplicationsContextLoginSigns) {
    fake->setContextDialog(fake::kSignPin, true, std::nullopt);
    CK_SESSION_HANDLE s = open(kSignSlot);
    const CK_OBJECT_HANDLE key = findOne(s, CKO_PRIVATE_KEY, 0x02);
    const CK_MECHANISM m{CKM_RSA_PKCS, nullptr, 0};
    Bytes sig;
    ASSERT_EQ(signOnce(s, m, key, documentDigestInfo(), sig), CKR_USER_NOT_LOGGED_IN);
    CK_MECHANISM mech = m;
    ASSERT_EQ(p11->C_SignInit(s, &mech, key), CKR_OK);
    ASSERT_EQ(login(s, CKU_CONTEXT_SPECIFIC, "123456"), CKR_OK);
    ASSERT_EQ(finishSign(s, documentDigestInfo(), sig), CKR_OK);
    Pkey pub = publicKeyOfCertificate(attribute(s, findOne(s, CKO_CERTIFICATE, 0x02), CKA_VALUE));
    EXPECT_TRUE(verifySignature(pub.get(), "pkcs1", EVP_sha256(), bytesOf("document"), sig));
}

}  // namespace
}  // namespace ias::p11::test
