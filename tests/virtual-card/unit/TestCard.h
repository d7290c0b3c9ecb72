#pragma once
// Test helpers: a throwaway card profile (MF with EF.ATR/EF.SN, PINs, PUK, SEs, an SM keyset, an ADF
// with RSA and EC keys and files) built in a temporary directory with keys made by OpenSSL, and small
// functions to send APDUs to a VirtualCard.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/ResponseApdu.h"
#include "vcard/VirtualCard.h"

namespace ias::vcard::test {

inline const char* kAdfAid = "E828BD080FD25047656E65726963";
inline const char* kSerial = "0102030405060708090A";

// Keys are made once per test program: RSA generation is slow.
struct TestKeys {
    std::filesystem::path dir;
    EVP_PKEY* auth = nullptr;
    EVP_PKEY* sign = nullptr;
    EVP_PKEY* ec = nullptr;

    static TestKeys& get() {
        static TestKeys keys = make();
        return keys;
    }

private:
    static void write(EVP_PKEY* key, const std::filesystem::path& path) {
        FILE* f = std::fopen(path.c_str(), "w");
        ASSERT_NE(f, nullptr);
        ASSERT_EQ(PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr), 1);
        std::fclose(f);
    }
    static TestKeys make() {
        TestKeys k;
        char tmpl[] = "/tmp/vcard-keys-XXXXXX";
        k.dir = ::mkdtemp(tmpl);
        k.auth = EVP_RSA_gen(2048);
        k.sign = EVP_RSA_gen(2048);
        k.ec = EVP_EC_gen("P-256");
        write(k.auth, k.dir / "auth.pem");
        write(k.sign, k.dir / "sign.pem");
        write(k.ec, k.dir / "ec.pem");
        return k;
    }
};

// ACL bytes used below (AMB then SCBs from bit 0x40 down):
//   EF 43 FF FF 00: delete never, update never, read always.   EF 43 FF 44 44: update/read under SM (SE 4).
//   DF 42 FF 00: delete never, create always.
//   PIN 73 00 00 13 FF 00: change/verify always, reset after the PUK (SE 3), put never, get always.
//   key 7B cds ia dec gen put get.
inline std::string profileText() {
    const TestKeys& k = TestKeys::get();
    return std::string("atr 3BDF18FF8191FE1FC3003138640C01ECC173940180829000B3\n") + "serial " + kSerial +
           "\n" +
           "df 3F00 acl=42FF00\n"
           "ef 3F00/2F01 acl=43FFFF00 sfi=1D data=460401020304E01002020100020201000202010002020100\n"
           "ef 3F00/D003 acl=43FFFF00 sfi=1C data=5A0A" +
           kSerial +
           "\n"
           "chv 3F00 ref=1 value=1234 min=4 max=8 tries=3 acl=73000013FF00\n"
           "chv 3F00 ref=2 value=87654321 min=8 max=8 tries=5 acl=730000FFFF00\n"
           "chv 3F00 ref=4 value=9999 min=4 max=8 tries=3 acl=730044FFFF00\n"
           "keyset 3F00 ref=2 enc=52575F505249565F454E435F54455354 mac=52575F505249565F4D41435F54455354 "
           "acl=2BFF00FF00\n"
           "se 3F00 ref=1 crt=A406830101950108 acl=03FF00\n"
           "se 3F00 ref=3 crt=A406830102950108 acl=03FF00\n"
           "se 3F00 ref=4 crt=A40980018C8301029501C0 acl=03FF00\n"
           "df 3F00/5000 acl=42FF00 aid=" +
           kAdfAid +
           "\n"
           "chv 3F00/5000 ref=3 value=5555 min=4 max=8 tries=3 acl=730000FFFF00\n"
           "se 3F00/5000 ref=2 crt=A406830183950108 acl=03FF00\n"
           "rsa 3F00/5000 ref=1 key=" +
           (k.dir / "auth.pem").string() +
           " acl=7BFF1111FFFF00 algs=02,1A,35\n"
           "rsa 3F00/5000 ref=2 key=" +
           (k.dir / "sign.pem").string() +
           " acl=7B1212FFFF4100\n"
           "rsa 3F00/5000 ref=3 bits=1024 acl=7BFFFFFF111100\n"
           "ec 3F00/5000 ref=4 key=" +
           (k.dir / "ec.pem").string() +
           " acl=7BFF11FFFFFF00\n"
           "ef 3F00/5000/5031 acl=43FFFF00 size=40 data=A0063004040250325F\n"
           "ef 3F00/5000/5100 acl=43FF4444 data=0102030405\n"
           "ef 3F00/5000/5200 acl=43FF1100 size=16 data=00\n";
}

// A fresh card directory per test.
class CardTest : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/vcard-test-XXXXXX";
        dir = ::mkdtemp(tmpl);
        profile = dir / "card.profile";
        std::ofstream(profile) << profileText();
        state = dir / "card.state";
        card = std::make_unique<VirtualCard>(state, profile);
    }
    void TearDown() override {
        card.reset();
        std::filesystem::remove_all(dir);
    }
    void reopen() {
        card.reset();
        card = std::make_unique<VirtualCard>(state);
    }
    ResponseApdu send(const std::string& hex) { return ResponseApdu::parse(card->process(fromHex(hex))); }
    ResponseApdu send(ByteView raw) { return ResponseApdu::parse(card->process(raw)); }
    std::uint16_t sw(const std::string& hex) { return send(hex).sw().value(); }
    void selectAdf() { ASSERT_EQ(sw(std::string("00A4040C0E") + kAdfAid), 0x9000); }
    void verify(std::uint8_t ref, const std::string& pin) {
        Bytes apdu{0x00, 0x20, 0x00, ref, static_cast<std::uint8_t>(pin.size())};
        apdu.insert(apdu.end(), pin.begin(), pin.end());
        ASSERT_EQ(send(apdu).sw().value(), 0x9000) << "VERIFY " << int(ref);
    }

    std::filesystem::path dir, profile, state;
    std::unique_ptr<VirtualCard> card;
};

}  // namespace ias::vcard::test
