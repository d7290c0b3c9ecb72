// The card fixture.
#include "CardTest.h"

#include <dlfcn.h>

namespace ias::p11::cardtest {

CK_C_INITIALIZE_ARGS osLocking() {
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    return args;
}

void CardTest::SetUp() {
    p11 = cardModule();
    ASSERT_NE(p11, nullptr) << "IAS_PKCS11_MODULE not loadable: " << dlerror();
    ck = Cryptoki(p11);
}

void CardTest::TearDown() {
    if (initialised) {
        EXPECT_EQ(p11->C_Finalize(nullptr), CKR_OK);
    }
    initialised = false;
}

void CardTest::initialise(CK_C_INITIALIZE_ARGS* args) {
    ASSERT_EQ(p11->C_Initialize(args), CKR_OK);
    initialised = true;
}

void CardTest::openTwoSessionsAndLogIn() {
    slot = ck.authenticationSlot();
    ASSERT_NE(slot, CK_INVALID_HANDLE) << "no authentication token on the test bed";
    ASSERT_EQ(ck.openSession(slot, sessions[0]), CKR_OK);
    ASSERT_EQ(ck.openSession(slot, sessions[1]), CKR_OK);
    ASSERT_EQ(ck.login(sessions[0], kAuthPin), CKR_OK);
    // The login belongs to the token: the second session sees it too.
    CK_SESSION_INFO info;
    ASSERT_EQ(p11->C_GetSessionInfo(sessions[1], &info), CKR_OK);
    ASSERT_EQ(info.state, static_cast<CK_STATE>(CKS_RO_USER_FUNCTIONS));
    key = ck.findOne(sessions[1], CKO_PRIVATE_KEY, kAuthKeyId);
    ASSERT_NE(key, CK_INVALID_HANDLE);
    const CK_OBJECT_HANDLE cert = ck.findOne(sessions[1], CKO_CERTIFICATE, kAuthKeyId);
    ASSERT_NE(cert, CK_INVALID_HANDLE);
    publicKey = publicKeyOfCertificate(ck.attribute(sessions[0], cert, CKA_VALUE));
    ASSERT_NE(publicKey, nullptr) << "the certificate read through the module does not parse";
}

}  // namespace ias::p11::cardtest
