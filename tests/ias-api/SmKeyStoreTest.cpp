// The SM key store's configuration format (docs/ias-api.md, "Configuration").
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "ias/api/ApiError.h"
#include "ias/api/SmKeyStore.h"

namespace ias::api {
namespace {

SmKeyStore parse(const std::string& text) {
    return SmKeyStore::parse(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()),
                             "test.conf");
}

TEST(SmKeyStoreConfig, ReadsKeysetsAndSerial) {
    const SmKeyStore s = parse(
        "# comment\n"
        "sm.ifd_serial = 0102030405060708\n"
        "log.level = debug\n"
        "  sm.keyset.mf.01.enc = 49 41 53 5F 4D 46 5F 41 44 4D 5F 45 4E 43 30 31  \n"
        "sm.keyset.mf.01.mac = 4941535F4D465F41444D5F4D41433031\r\n"
        "sm.keyset.e828bd080fd2504543432d654944.02.enc = 00112233445566778899AABBCCDDEEFF\n"
        "sm.keyset.E828BD080FD2504543432D654944.02.mac = 00112233445566778899AABBCCDDEEFF\n"
        "sm.keyset.mf.03.enc = 00112233445566778899AABBCCDDEEFF\n");  // no .mac: incomplete, ignored
    EXPECT_EQ(toHex(s.ifdSerial()), "0102030405060708");
    ASSERT_NE(s.keyset("mf", 1), nullptr);
    EXPECT_TRUE(s.keyset("mf", 1)->enc.equals(
        ByteView(reinterpret_cast<const std::uint8_t*>("IAS_MF_ADM_ENC01"), 16)));
    EXPECT_TRUE(s.keyset("mf", 1)->mac.equals(
        ByteView(reinterpret_cast<const std::uint8_t*>("IAS_MF_ADM_MAC01"), 16)));
    EXPECT_NE(s.keyset("E828BD080FD2504543432D654944", 2), nullptr);
    EXPECT_EQ(s.keyset("mf", 3), nullptr);
    EXPECT_EQ(s.keyset("mf", 2), nullptr);
    EXPECT_EQ(s.size(), 2u);
}

TEST(SmKeyStoreConfig, DefaultsWithoutAFile) {
    const SmKeyStore s = SmKeyStore::fromFile("/nonexistent/ias-ecc.conf");
    EXPECT_EQ(toHex(s.ifdSerial()), "1122334455667788");
    EXPECT_EQ(s.size(), 0u);
}

TEST(SmKeyStoreConfig, MalformedLinesNameFileAndLine) {
    for (const char* bad :
         {"sm.keyset.mf.01.enc = 0011", "sm.keyset.mf.01.enc = zz112233445566778899AABBCCDDEEFF",
          "sm.keyset.mf.1.enc = 00112233445566778899AABBCCDDEEFF",
          "sm.keyset.mf.01.key = 00112233445566778899AABBCCDDEEFF",
          "sm.keyset.3F00.01.enc = 00112233445566778899AABBCCDDEEFF", "sm.ifd_serial = 0102",
          "no equals sign"}) {
        try {
            parse(std::string("# first\n") + bad + "\n");
            FAIL() << bad;
        } catch (const ApiError& e) {
            EXPECT_EQ(e.kind(), ApiErrorKind::Configuration);
            EXPECT_NE(std::string(e.what()).find("test.conf:2:"), std::string::npos) << e.what();
        }
    }
}

TEST(SmKeyStoreConfig, IasEccConfNamesTheFile) {
    const auto file =
        std::filesystem::temp_directory_path() / ("ias-ecc-" + std::to_string(::getpid()) + ".conf");
    std::ofstream(file) << "sm.keyset.mf.01.enc = 00112233445566778899AABBCCDDEEFF\n"
                           "sm.keyset.mf.01.mac = FFEEDDCCBBAA99887766554433221100\n";
    ::setenv("IAS_ECC_CONF", file.c_str(), 1);
    EXPECT_EQ(SmKeyStore::configPath(), file);
    const SmKeyStore s = SmKeyStore::load();
    EXPECT_NE(s.keyset("mf", 1), nullptr);
    EXPECT_EQ(s.origin(), file.string());
    ::unsetenv("IAS_ECC_CONF");
    EXPECT_EQ(SmKeyStore::configPath(), std::filesystem::path("/etc/ias-ecc/ias-ecc.conf"));
    std::filesystem::remove(file);
}

}  // namespace
}  // namespace ias::api
