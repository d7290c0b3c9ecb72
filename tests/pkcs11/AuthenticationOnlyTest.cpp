// The browsers' module (libias-pkcs11-auth.so) shows each reader's authentication token only: no slot, no
// event, no PIN of the signature token, and the authentication token exactly as the full module shows it.
#include <algorithm>
#include <set>

#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

class AuthenticationOnly : public ModuleTest {
protected:
    // `authenticationOnly`: the browsers' module; else the full module. Two readers, each with a card.
    void restart(bool authenticationOnly) {
        ASSERT_EQ(p11->C_Finalize(nullptr), CKR_OK);
        fake->reset(2, true);
        fake->setAuthenticationOnly(authenticationOnly);
        ASSERT_EQ(p11->C_Initialize(nullptr), CKR_OK);
    }
    CK_TOKEN_INFO token(CK_SLOT_ID slot) {
        CK_TOKEN_INFO info{};
        EXPECT_EQ(p11->C_GetTokenInfo(slot, &info), CKR_OK);
        return info;
    }
    // Every object of the token after the user's login: class, CKA_ID, label.
    std::set<std::tuple<CK_OBJECT_CLASS, Bytes, Bytes>> objects(CK_SLOT_ID slot, const std::string& pin) {
        CK_SESSION_HANDLE s = open(slot);
        EXPECT_EQ(login(s, CKU_USER, pin), CKR_OK);
        std::set<std::tuple<CK_OBJECT_CLASS, Bytes, Bytes>> out;
        for (CK_OBJECT_HANDLE o : find(s, {})) {
            Bytes cls = attribute(s, o, CKA_CLASS);
            CK_OBJECT_CLASS c = 0;
            std::memcpy(&c, cls.data(), std::min(cls.size(), sizeof c));
            out.emplace(c, attribute(s, o, CKA_ID), attribute(s, o, CKA_LABEL));
        }
        EXPECT_EQ(p11->C_CloseSession(s), CKR_OK);
        return out;
    }
};

TEST_F(AuthenticationOnly, OneSlotPerReaderEachTheAuthenticationToken) {
    restart(true);
    const std::vector<CK_SLOT_ID> all = slots(CK_FALSE);
    EXPECT_EQ(all, (std::vector<CK_SLOT_ID>{1, 2}));
    EXPECT_EQ(slots(CK_TRUE), all);
    for (CK_SLOT_ID slot : all) {
        // The authentication PIN is 4..8 digits on the fake card, the signature PIN 6..8.
        const CK_TOKEN_INFO info = token(slot);
        EXPECT_EQ(info.ulMinPinLen, 4u) << "slot " << slot;
        CK_SESSION_HANDLE s = open(slot);
        EXPECT_EQ(login(s, CKU_USER, "123456"), CKR_PIN_INCORRECT) << "the signature PIN is no PIN here";
        EXPECT_EQ(login(s, CKU_USER, "1234"), CKR_OK);
        EXPECT_EQ(p11->C_CloseSession(s), CKR_OK);
    }
    EXPECT_EQ(fake->verifyCount(fake::kSignPin), 0);
    CK_SLOT_INFO info{};
    EXPECT_EQ(p11->C_GetSlotInfo(3, &info), CKR_SLOT_ID_INVALID);
}

TEST_F(AuthenticationOnly, TheTokenIsTheFullModulesAuthenticationToken) {
    restart(false);
    ASSERT_EQ(slots(CK_FALSE).size(), 4u);  // the full module: two tokens per reader
    const auto full = objects(kAuthSlot, "1234");
    const auto fullSignature = objects(kSignSlot, "123456");
    restart(true);
    const auto onlyAuth = objects(1, "1234");
    EXPECT_FALSE(onlyAuth.empty());
    EXPECT_EQ(onlyAuth, full);
    for (const auto& o : fullSignature)
        EXPECT_EQ(onlyAuth.count(o), 0u) << "an object of the signature token is shown";
}

TEST_F(AuthenticationOnly, NoEventForTheHiddenToken) {
    restart(true);
    fake->removeCard(kReader0);
    CK_SLOT_ID slot = 99;
    ASSERT_EQ(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr), CKR_OK);
    EXPECT_EQ(slot, 1u);
    EXPECT_EQ(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr), CKR_NO_EVENT);
    fake->insertCard(kReader0);
    ASSERT_EQ(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr), CKR_OK);
    EXPECT_EQ(slot, 1u);
    EXPECT_EQ(p11->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr), CKR_NO_EVENT);
}

}  // namespace
}  // namespace ias::p11::test
