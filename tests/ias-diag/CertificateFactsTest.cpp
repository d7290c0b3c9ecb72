// Certificate facts against certificates made by python3-cryptography (data/make_certificates.py).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "CertificateFacts.h"

namespace ias::diag {
namespace {

Bytes file(const std::string& name) {
    std::ifstream in(std::string(IAS_DIAG_TEST_DATA) + "/" + name, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

constexpr std::time_t k2050 = 2524608000;  // 2050-01-01T00:00:00Z

TEST(CertificateFacts, ExpiredCertificate) {
    const auto f = certificateFacts(file("expired.der"), k2050);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->subject, "CN=Jane Example");
    EXPECT_EQ(f->issuer, "CN=Test CA");
    EXPECT_EQ(f->serial, "4711");
    EXPECT_EQ(f->notBefore, "2000-01-01 00:00:00 UTC");
    EXPECT_EQ(f->notAfter, "2001-01-01 00:00:00 UTC");
    EXPECT_TRUE(f->expired);
    EXPECT_FALSE(f->notYetValid);
    EXPECT_EQ(f->keyUsage, "digitalSignature, nonRepudiation");
}

TEST(CertificateFacts, NotYetValidCertificate) {
    const auto f = certificateFacts(file("future.der"), k2050);
    ASSERT_TRUE(f);
    EXPECT_TRUE(f->notYetValid);
    EXPECT_FALSE(f->expired);
    EXPECT_EQ(f->notBefore, "2099-01-01 00:00:00 UTC");
}

TEST(CertificateFacts, DaysLeftWhenValid) {
    // 2000-12-22: ten days before the end.
    const auto f = certificateFacts(file("expired.der"), 977443200);
    ASSERT_TRUE(f);
    EXPECT_FALSE(f->expired);
    ASSERT_TRUE(f->daysLeft);
    EXPECT_EQ(*f->daysLeft, 10);
}

TEST(CertificateFacts, NotACertificate) {
    Bytes der = file("expired.der");
    der.resize(der.size() / 2);
    EXPECT_FALSE(certificateFacts(der, k2050));
    EXPECT_FALSE(certificateFacts(Bytes{}, k2050));
}

}  // namespace
}  // namespace ias::diag
