// double_init: a second C_Initialize, C_Finalize twice, re-initialisation after finalisation.
#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

using DoubleInit = ModuleTest;

TEST_F(DoubleInit, SecondInitialiseSaysAlreadyInitialised) {
    EXPECT_EQ(p11->C_Initialize(nullptr), CKR_CRYPTOKI_ALREADY_INITIALIZED);
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    EXPECT_EQ(p11->C_Initialize(&args), CKR_CRYPTOKI_ALREADY_INITIALIZED);
    // The first initialisation is still in force.
    CK_ULONG n = 0;
    EXPECT_EQ(p11->C_GetSlotList(CK_FALSE, nullptr, &n), CKR_OK);
}

TEST_F(DoubleInit, SecondFinaliseSaysNotInitialised) {
    EXPECT_EQ(p11->C_Finalize(nullptr), CKR_OK);
    EXPECT_EQ(p11->C_Finalize(nullptr), CKR_CRYPTOKI_NOT_INITIALIZED);
}

TEST_F(DoubleInit, SessionsDoNotSurviveReinitialisation) {
    CK_SESSION_HANDLE s = open(kAuthSlot);
    ASSERT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
    ASSERT_EQ(p11->C_Finalize(nullptr), CKR_OK);
    ASSERT_EQ(p11->C_Initialize(nullptr), CKR_OK);
    CK_SESSION_INFO info;
    EXPECT_EQ(p11->C_GetSessionInfo(s, &info), CKR_SESSION_HANDLE_INVALID);
    CK_SESSION_HANDLE s2 = open(kAuthSlot);
    ASSERT_EQ(p11->C_GetSessionInfo(s2, &info), CKR_OK);
    EXPECT_EQ(info.state, static_cast<CK_STATE>(CKS_RO_PUBLIC_SESSION));
}

}  // namespace
}  // namespace ias::p11::test
