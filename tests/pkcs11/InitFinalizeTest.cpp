// init_finalize: C_Initialize arguments, C_Finalize, C_GetInfo, the function lists and interfaces, exports.
#include <atomic>
#include <cstdio>
#include <mutex>

#include "ModuleFixture.h"

namespace ias::p11::test {
namespace {

class InitFinalize : public ModuleTest {
protected:
    InitFinalize() { initialise = false; }
};

TEST_F(InitFinalize, CallsBeforeInitialiseAreRefused) {
    CK_ULONG n = 0;
    CK_INFO info;
    EXPECT_EQ(p11->C_GetInfo(&info), CKR_CRYPTOKI_NOT_INITIALIZED);
    EXPECT_EQ(p11->C_GetSlotList(CK_FALSE, nullptr, &n), CKR_CRYPTOKI_NOT_INITIALIZED);
    EXPECT_EQ(p11->C_CloseSession(1), CKR_CRYPTOKI_NOT_INITIALIZED);
    EXPECT_EQ(p11->C_Finalize(nullptr), CKR_CRYPTOKI_NOT_INITIALIZED);
    EXPECT_EQ(p11->C_DigestInit(1, nullptr), CKR_CRYPTOKI_NOT_INITIALIZED);
}

TEST_F(InitFinalize, InitialiseThenFinaliseTenTimes) {
    for (int i = 0; i < 10; ++i) {
        ASSERT_EQ(p11->C_Initialize(nullptr), CKR_OK);
        CK_ULONG n = 0;
        EXPECT_EQ(p11->C_GetSlotList(CK_TRUE, nullptr, &n), CKR_OK);
        EXPECT_EQ(n, 2u);
        ASSERT_EQ(p11->C_Finalize(nullptr), CKR_OK);
    }
}

TEST_F(InitFinalize, FinaliseWithReservedPointerIsRefused) {
    ASSERT_EQ(p11->C_Initialize(nullptr), CKR_OK);
    int dummy = 0;
    EXPECT_EQ(p11->C_Finalize(&dummy), CKR_ARGUMENTS_BAD);
    EXPECT_EQ(p11->C_Finalize(nullptr), CKR_OK);
}

TEST_F(InitFinalize, ReservedMustBeNull) {
    int dummy = 0;
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    args.pReserved = &dummy;
    EXPECT_EQ(p11->C_Initialize(&args), CKR_ARGUMENTS_BAD);
    EXPECT_EQ(p11->C_Finalize(nullptr), CKR_CRYPTOKI_NOT_INITIALIZED);
}

CK_RV createMutex(void** m) {
    *m = new std::mutex;
    return CKR_OK;
}
CK_RV destroyMutex(void* m) {
    delete static_cast<std::mutex*>(m);
    return CKR_OK;
}
std::atomic<int> g_locks{0};
CK_RV lockMutex(void* m) {
    ++g_locks;
    static_cast<std::mutex*>(m)->lock();
    return CKR_OK;
}
CK_RV unlockMutex(void* m) {
    static_cast<std::mutex*>(m)->unlock();
    return CKR_OK;
}

TEST_F(InitFinalize, PartialMutexCallbacksAreRefused) {
    CK_C_INITIALIZE_ARGS args{};
    args.CreateMutex = createMutex;
    args.LockMutex = lockMutex;
    EXPECT_EQ(p11->C_Initialize(&args), CKR_ARGUMENTS_BAD);
    args.flags = CKF_OS_LOCKING_OK;
    EXPECT_EQ(p11->C_Initialize(&args), CKR_ARGUMENTS_BAD);
}

TEST_F(InitFinalize, OsLockingFlagAlone) {
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    ASSERT_EQ(p11->C_Initialize(&args), CKR_OK);
    EXPECT_EQ(p11->C_Finalize(nullptr), CKR_OK);
}

TEST_F(InitFinalize, ApplicationMutexCallbacksAreUsed) {
    CK_C_INITIALIZE_ARGS args{};
    args.CreateMutex = createMutex;
    args.DestroyMutex = destroyMutex;
    args.LockMutex = lockMutex;
    args.UnlockMutex = unlockMutex;
    g_locks = 0;
    ASSERT_EQ(p11->C_Initialize(&args), CKR_OK);
    CK_SESSION_HANDLE s = open(kAuthSlot);
    EXPECT_EQ(p11->C_CloseSession(s), CKR_OK);
    EXPECT_GT(g_locks.load(), 0);
    EXPECT_EQ(p11->C_Finalize(nullptr), CKR_OK);
}

TEST_F(InitFinalize, GetInfoReportsTheLibrary) {
    ASSERT_EQ(p11->C_Initialize(nullptr), CKR_OK);
    CK_INFO info;
    ASSERT_EQ(p11->C_GetInfo(&info), CKR_OK);
    EXPECT_EQ(info.cryptokiVersion.major, 2);
    EXPECT_EQ(info.cryptokiVersion.minor, 40);
    EXPECT_EQ(std::string(reinterpret_cast<char*>(info.manufacturerID), 18), "IAS-ECC middleware");
    EXPECT_EQ(info.manufacturerID[31], ' ');
    EXPECT_EQ(p11->C_GetInfo(nullptr), CKR_ARGUMENTS_BAD);
}

TEST_F(InitFinalize, InterfacesOfCryptoki30And240) {
    LoadedModule& m = fakeModule();
    ASSERT_NE(m.getInterface, nullptr);
    ASSERT_NE(m.getInterfaceList, nullptr);
    CK_ULONG n = 0;
    ASSERT_EQ(m.getInterfaceList(nullptr, &n), CKR_OK);
    ASSERT_EQ(n, 2u);
    CK_INTERFACE list[2];
    CK_ULONG small = 1;
    EXPECT_EQ(m.getInterfaceList(list, &small), CKR_BUFFER_TOO_SMALL);
    EXPECT_EQ(small, 2u);
    ASSERT_EQ(m.getInterfaceList(list, &n), CKR_OK);
    EXPECT_STREQ(reinterpret_cast<char*>(list[0].pInterfaceName), "PKCS 11");

    CK_INTERFACE_PTR iface = nullptr;
    ASSERT_EQ(m.getInterface(nullptr, nullptr, &iface, 0), CKR_OK);
    auto* f30 = static_cast<CK_FUNCTION_LIST_3_0*>(iface->pFunctionList);
    EXPECT_EQ(f30->version.major, 3);
    EXPECT_EQ(f30->version.minor, 0);
    CK_UTF8CHAR name[] = "PKCS 11";
    CK_VERSION v240{2, 40};
    ASSERT_EQ(m.getInterface(name, &v240, &iface, 0), CKR_OK);
    EXPECT_EQ(static_cast<CK_FUNCTION_LIST*>(iface->pFunctionList), p11);
    CK_VERSION v31{3, 1};
    EXPECT_EQ(m.getInterface(name, &v31, &iface, 0), CKR_ARGUMENTS_BAD);
    CK_UTF8CHAR other[] = "Vendor";
    EXPECT_EQ(m.getInterface(other, nullptr, &iface, 0), CKR_ARGUMENTS_BAD);
    EXPECT_EQ(m.getInterface(name, nullptr, &iface, CKF_INTERFACE_FORK_SAFE), CKR_ARGUMENTS_BAD);
    EXPECT_EQ(m.getInterface(name, nullptr, nullptr, 0), CKR_ARGUMENTS_BAD);

    // The 3.0 list works as the 2.40 one, and has the 3.0 functions.
    ASSERT_EQ(f30->C_Initialize(nullptr), CKR_OK);
    CK_INFO info;
    ASSERT_EQ(f30->C_GetInfo(&info), CKR_OK);
    EXPECT_EQ(info.cryptokiVersion.major, 3);
    CK_SESSION_HANDLE s = CK_INVALID_HANDLE;
    ASSERT_EQ(f30->C_OpenSession(kAuthSlot, CKF_SERIAL_SESSION, nullptr, nullptr, &s), CKR_OK);
    CK_UTF8CHAR pin[] = "1234";
    EXPECT_EQ(f30->C_LoginUser(s, CKU_USER, pin, 4, nullptr, 0), CKR_OK);
    EXPECT_EQ(f30->C_SessionCancel(s, CKF_SIGN), CKR_OK);
    EXPECT_EQ(f30->C_MessageSignInit(s, nullptr, 0), CKR_FUNCTION_NOT_SUPPORTED);
    EXPECT_EQ(f30->C_Finalize(nullptr), CKR_OK);
}

TEST_F(InitFinalize, ProductionModuleExportsOnlyCryptoki) {
    FILE* nm = popen("nm -D --defined-only " IAS_PKCS11_PRODUCTION_MODULE, "r");
    ASSERT_NE(nm, nullptr);
    char line[512];
    int cryptoki = 0, other = 0;
    std::string others;
    while (std::fgets(line, sizeof line, nm) != nullptr) {
        std::string l(line);
        std::string name = l.substr(l.rfind(' ') + 1);
        name.erase(name.find_last_not_of("\n") + 1);
        if (name.rfind("C_", 0) == 0) {
            ++cryptoki;
        } else {
            ++other;
            others += name + " ";
        }
    }
    pclose(nm);
    EXPECT_EQ(cryptoki, 68 + 24);  // 2.40 (with C_GetFunctionList) and the 3.0 additions
    EXPECT_EQ(other, 0) << others;
}

TEST_F(InitFinalize, ProductionModuleLoadsAndShowsNoReaderYet) {
    void* h = dlopen(IAS_PKCS11_PRODUCTION_MODULE, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(h, nullptr) << dlerror();
    EXPECT_EQ(dlsym(h, "ias_pkcs11_fake_control"), nullptr);
    auto getList = reinterpret_cast<CK_C_GetFunctionList>(dlsym(h, "C_GetFunctionList"));
    ASSERT_NE(getList, nullptr);
    CK_FUNCTION_LIST* f = nullptr;
    ASSERT_EQ(getList(&f), CKR_OK);
    ASSERT_EQ(f->C_Initialize(nullptr), CKR_OK);
    CK_ULONG n = 99;
    EXPECT_EQ(f->C_GetSlotList(CK_FALSE, nullptr, &n), CKR_OK);
    EXPECT_EQ(n, 0u);
    CK_SLOT_ID slot;
    EXPECT_EQ(f->C_WaitForSlotEvent(CKF_DONT_BLOCK, &slot, nullptr), CKR_NO_EVENT);
    EXPECT_EQ(f->C_Finalize(nullptr), CKR_OK);
    dlclose(h);
}

}  // namespace
}  // namespace ias::p11::test
