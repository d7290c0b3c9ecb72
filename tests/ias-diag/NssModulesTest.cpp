// Reading the modules of an NSS database (pkcs11.txt, as Firefox writes it) and of p11-kit's .module files.
#include <gtest/gtest.h>

#include "NssModules.h"

namespace ias::diag {
namespace {

// The layout Firefox 115 writes: the internal module first (no library), then loaded modules.
constexpr const char* kFirefoxPkcs11Txt =
    "library=\n"
    "name=NSS Internal PKCS #11 Module\n"
    "parameters=configdir='sql:/home/u/.mozilla/firefox/x.default-esr' certPrefix='' keyPrefix='' "
    "secmod='secmod.db' flags= updatedir='' updateCertPrefix='' updateKeyPrefix='' updateid='' "
    "updateTokenDescription=''\n"
    "NSS=Flags=internal,critical trustOrder=75 cipherOrder=100 slotParams=(1={slotFlags=[ECC,RSA] askpw=any "
    "timeout=30})\n"
    "\n"
    "library=/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so\n"
    "name=OpenSC\n"
    "\n"
    "library=/usr/lib/x86_64-linux-gnu/pkcs11/libias-pkcs11.so\n"
    "name=IAS-ECC\n"
    "\n"
    "library=p11-kit-proxy.so\n"
    "name=p11-kit-proxy\n";

TEST(NssModules, FirefoxListWithoutTheInternalModule) {
    const std::vector<NssModule> m = parsePkcs11Txt(kFirefoxPkcs11Txt);
    ASSERT_EQ(m.size(), 3u);
    EXPECT_EQ(m[0].name, "OpenSC");
    EXPECT_EQ(m[0].kind, ModuleKind::OpenSc);
    EXPECT_EQ(m[0].line, 6u);
    EXPECT_EQ(m[1].library, "/usr/lib/x86_64-linux-gnu/pkcs11/libias-pkcs11.so");
    EXPECT_EQ(m[1].kind, ModuleKind::Ours);
    EXPECT_EQ(m[2].kind, ModuleKind::P11KitProxy);
}

TEST(NssModules, KindsByFileName) {
    EXPECT_EQ(moduleKind("/usr/lib/x86_64-linux-gnu/onepin-opensc-pkcs11.so"), ModuleKind::OpenSc);
    EXPECT_EQ(moduleKind("libias-pkcs11.so"), ModuleKind::Ours);
    EXPECT_EQ(moduleKind("/opt/ias/libias-pkcs11.so.0"), ModuleKind::Ours);
    EXPECT_EQ(moduleKind("/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-trust.so"), ModuleKind::Other);
    EXPECT_EQ(moduleKind("/home/u/libias-pkcs11-not/other.so"), ModuleKind::Other);
    EXPECT_EQ(moduleKind("/usr/lib/x86_64-linux-gnu/pkcs11/libias-pkcs11-auth.so"), ModuleKind::Ours);
}

TEST(NssModules, TheModuleWithBothTokensByFileName) {
    EXPECT_TRUE(oursWithBothTokens("/usr/lib/x86_64-linux-gnu/pkcs11/libias-pkcs11.so"));
    EXPECT_TRUE(oursWithBothTokens("libias-pkcs11.so"));
    EXPECT_FALSE(oursWithBothTokens("/usr/lib/x86_64-linux-gnu/pkcs11/libias-pkcs11-auth.so"));
    EXPECT_FALSE(oursWithBothTokens("/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"));
}

TEST(NssModules, EmptyOrInternalOnlyListHasNoModule) {
    EXPECT_TRUE(parsePkcs11Txt("").empty());
    EXPECT_TRUE(parsePkcs11Txt("library=\nname=NSS Internal PKCS #11 Module\n").empty());
}

TEST(NssModules, P11KitModuleFiles) {
    const P11KitModule trust = parseP11KitModule(
        "# comment: not a key\nmodule: p11-kit-trust.so\npriority: 1\ndisable-in: p11-kit-proxy\n",
        "t.module");
    EXPECT_EQ(trust.module, "p11-kit-trust.so");
    EXPECT_FALSE(trust.inProxy);
    const P11KitModule opensc = parseP11KitModule("module: opensc-pkcs11.so\n", "opensc.module");
    EXPECT_EQ(opensc.kind, ModuleKind::OpenSc);
    EXPECT_TRUE(opensc.inProxy);
    const P11KitModule ours = parseP11KitModule(
        "module: /usr/lib/x86_64-linux-gnu/pkcs11/libias-pkcs11.so\n"
        "enable-in: firefox, thunderbird\n",
        "ias-ecc.module");
    EXPECT_EQ(ours.kind, ModuleKind::Ours);
    EXPECT_FALSE(ours.inProxy);
}

}  // namespace
}  // namespace ias::diag
