// sessions_nocard: slots without a card, stable slot IDs, readers appearing later, tokenPresent, slot info.
#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

class SessionsNoCard : public ModuleTest {
protected:
    void SetUp() override {
        initialise = false;
        ModuleTest::SetUp();
        fake->reset(1, false);
        ASSERT_EQ(p11->C_Initialize(nullptr), CKR_OK);
    }
};

TEST_F(SessionsNoCard, EmptyReaderShowsTwoSlotsWithoutToken) {
    EXPECT_EQ(slots(CK_FALSE), (std::vector<CK_SLOT_ID>{kAuthSlot, kSignSlot}));
    EXPECT_TRUE(slots(CK_TRUE).empty());
    CK_SLOT_INFO info;
    ASSERT_EQ(p11->C_GetSlotInfo(kAuthSlot, &info), CKR_OK);
    EXPECT_EQ(info.flags & CKF_TOKEN_PRESENT, 0u);
    EXPECT_NE(info.flags & CKF_REMOVABLE_DEVICE, 0u);
    EXPECT_NE(info.flags & CKF_HW_SLOT, 0u);
    std::string desc(reinterpret_cast<char*>(info.slotDescription), sizeof info.slotDescription);
    EXPECT_EQ(desc.rfind("Fake Reader 0 (authentication)", 0), 0u) << desc;
}

TEST_F(SessionsNoCard, TokenCallsSayTokenNotPresent) {
    CK_TOKEN_INFO info;
    EXPECT_EQ(p11->C_GetTokenInfo(kAuthSlot, &info), CKR_TOKEN_NOT_PRESENT);
    CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
    EXPECT_EQ(p11->C_OpenSession(kAuthSlot, CKF_SERIAL_SESSION, nullptr, nullptr, &s), CKR_TOKEN_NOT_PRESENT);
    CK_ULONG n = 0;
    EXPECT_EQ(p11->C_GetMechanismList(kSignSlot, nullptr, &n), CKR_TOKEN_NOT_PRESENT);
    EXPECT_EQ(p11->C_CloseAllSessions(kAuthSlot), CKR_OK);
}

TEST_F(SessionsNoCard, InsertedCardAppearsInTheSameSlots) {
    fake->insertCard(kReader0);
    EXPECT_EQ(slots(CK_TRUE), (std::vector<CK_SLOT_ID>{kAuthSlot, kSignSlot}));
    CK_TOKEN_INFO info;
    ASSERT_EQ(p11->C_GetTokenInfo(kSignSlot, &info), CKR_OK);
    std::string label(reinterpret_cast<char*>(info.label), sizeof info.label);
    EXPECT_EQ(label.rfind("Alice Martin (Signature PIN)", 0), 0u) << label;
    EXPECT_EQ(label.back(), ' ');
    CK_SESSION_HANDLE s = open(kAuthSlot);
    EXPECT_NE(s, CK_INVALID_HANDLE);
}

TEST_F(SessionsNoCard, ReaderAddedLaterGetsNewIdsOldOnesStay) {
    fake->addReader("Late Reader");
    fake->insertCard("Late Reader");
    EXPECT_EQ(slots(CK_FALSE), (std::vector<CK_SLOT_ID>{1, 2, 3, 4}));
    EXPECT_EQ(slots(CK_TRUE), (std::vector<CK_SLOT_ID>{3, 4}));
    fake->removeReader(kReader0);
    // A vanished reader keeps its slot IDs (empty); nobody else gets them.
    EXPECT_EQ(slots(CK_FALSE), (std::vector<CK_SLOT_ID>{1, 2, 3, 4}));
    fake->addReader("Third");
    EXPECT_EQ(slots(CK_FALSE), (std::vector<CK_SLOT_ID>{1, 2, 3, 4, 5, 6}));
    fake->addReader(kReader0);  // back under its name: its old slots
    fake->insertCard(kReader0);
    EXPECT_EQ(slots(CK_TRUE), (std::vector<CK_SLOT_ID>{1, 2, 3, 4}));
}

TEST_F(SessionsNoCard, TwoCallLengthProtocol) {
    CK_ULONG n = 0;
    ASSERT_EQ(p11->C_GetSlotList(CK_FALSE, nullptr, &n), CKR_OK);
    ASSERT_EQ(n, 2u);
    CK_SLOT_ID one[1];
    CK_ULONG small = 1;
    EXPECT_EQ(p11->C_GetSlotList(CK_FALSE, one, &small), CKR_BUFFER_TOO_SMALL);
    EXPECT_EQ(small, 2u);
    CK_SLOT_ID two[2];
    EXPECT_EQ(p11->C_GetSlotList(CK_FALSE, two, &small), CKR_OK);
}

TEST_F(SessionsNoCard, UnknownSlot) {
    CK_SLOT_INFO info;
    EXPECT_EQ(p11->C_GetSlotInfo(99, &info), CKR_SLOT_ID_INVALID);
    CK_TOKEN_INFO tinfo;
    EXPECT_EQ(p11->C_GetTokenInfo(0, &tinfo), CKR_SLOT_ID_INVALID);
}

}  // namespace
}  // namespace ias::p11::test
