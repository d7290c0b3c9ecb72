#pragma once
// The fixture of the card tests: the production module on the test bed's card, initialised as a test asks,
// the authentication token with two sessions after one C_Login, its authentication key, and the public key
// of its certificate read through the module.
#include <gtest/gtest.h>

#include "CardModule.h"
#include "CardSignatures.h"

namespace ias::p11::cardtest {

class CardTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // C_Initialize(args); args may be null.
    void initialise(CK_C_INITIALIZE_ARGS* args);
    // Two sessions of the authentication token, C_Login on the first, the key and certificate found.
    void openTwoSessionsAndLogIn();

    CK_FUNCTION_LIST* p11 = nullptr;
    Cryptoki ck{nullptr};
    bool initialised = false;
    CK_SLOT_ID slot = CK_INVALID_HANDLE;
    CK_SESSION_HANDLE sessions[2] = {CK_INVALID_HANDLE, CK_INVALID_HANDLE};
    CK_OBJECT_HANDLE key = CK_INVALID_HANDLE;
    PublicKey publicKey;
};

// CK_C_INITIALIZE_ARGS that ask for the operating system's locks.
CK_C_INITIALIZE_ARGS osLocking();

}  // namespace ias::p11::cardtest
