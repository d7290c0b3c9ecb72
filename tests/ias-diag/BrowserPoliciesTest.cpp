// The registration check's reading of Firefox's and Thunderbird's enterprise policies: the package's
// SecurityDevices Add told from the Delete its removal leaves, the file each application really reads named,
// an invalid file reported (Firefox then ignores every policy in it). The files are written by hand here,
// as ias-browser-policy and an administrator write them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "BrowserPolicies.h"
#include "Checks.h"

namespace ias::diag {
namespace {
namespace fs = std::filesystem;

constexpr const char* kOurs = "/usr/lib/x86_64-linux-gnu/pkcs11/libias-pkcs11.so";

TEST(BrowserPolicies, OurAddIsFound) {
    const PolicyFacts f =
        parsePolicies(R"({"policies": {"DisableTelemetry": true, "SecurityDevices": {"Add": {"IAS-ECC": ")" +
                      std::string(kOurs) + R"("}}}})");
    EXPECT_TRUE(f.valid);
    EXPECT_EQ(f.addsUs, std::vector<std::string>{"IAS-ECC"});
    EXPECT_FALSE(f.deletesUs);
    EXPECT_TRUE(f.addsOpenSc.empty());
}

TEST(BrowserPolicies, TheRemovedPackagesDeleteIsNotAnAdd) {
    // what `ias-browser-policy remove` leaves: the name, no path; a text search for the library finds nothing
    const PolicyFacts f = parsePolicies(R"({"policies":{"SecurityDevices":{"Delete":["Other","IAS-ECC"]}}})");
    EXPECT_TRUE(f.valid);
    EXPECT_TRUE(f.addsUs.empty());
    EXPECT_TRUE(f.deletesUs);
}

TEST(BrowserPolicies, AnAdministratorsNameForOurLibraryCountsAndOtherNamesInDeleteDoNot) {
    const PolicyFacts f = parsePolicies(
        "{\n\t\"policies\": {\n\t\t\"SecurityDevices\": {\n\t\t\t\"Add\": {\"Carte\": \"libias-pkcs11.so\", "
        "\"OpenSC\": \"/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so\"},\n\t\t\t\"Delete\": "
        "[\"IAS\"]\n\t\t}\n\t}\n}\n");
    EXPECT_TRUE(f.valid);
    EXPECT_EQ(f.addsUs, std::vector<std::string>{"Carte"});
    EXPECT_EQ(f.addsOpenSc, std::vector<std::string>{"OpenSC"});
    EXPECT_FALSE(f.deletesUs);
}

TEST(BrowserPolicies, AMentionOutsideSecurityDevicesIsNoRegistration) {
    const PolicyFacts f =
        parsePolicies(R"({"policies": {"ExtensionSettings": {"note": "SecurityDevices libias-pkcs11.so"}}})");
    EXPECT_TRUE(f.valid);
    EXPECT_TRUE(f.addsUs.empty());
    EXPECT_FALSE(f.deletesUs);
}

TEST(BrowserPolicies, InvalidJsonIsReportedWithWhereItStopped) {
    const PolicyFacts f =
        parsePolicies(R"({"policies": {"SecurityDevices": {"Add": {"IAS-ECC": "libias-pkcs11.so",}}}})");
    EXPECT_FALSE(f.valid);
    EXPECT_TRUE(f.addsUs.empty());
    EXPECT_NE(f.error.find("parse error"), std::string::npos) << f.error;
    EXPECT_FALSE(parsePolicies("").valid);
}

TEST(BrowserPolicies, WrongTypesAreInvalid) {
    EXPECT_FALSE(parsePolicies(R"([1, 2])").valid);
    EXPECT_FALSE(parsePolicies(R"({"policies": []})").valid);
    EXPECT_FALSE(parsePolicies(R"({"policies": {"SecurityDevices": {"Add": ["libias-pkcs11.so"]}}})").valid);
    EXPECT_FALSE(parsePolicies(R"({"policies": {"SecurityDevices": {"Delete": "IAS-ECC"}}})").valid);
    EXPECT_TRUE(parsePolicies(R"({"policies": {}})").valid);
}

class PolicyFiles : public ::testing::Test {
protected:
    void SetUp() override {
        char tmpl[] = "/tmp/ias-diag-policies.XXXXXX";
        ASSERT_NE(::mkdtemp(tmpl), nullptr);
        root_ = tmpl;
        fs::create_directories(root_ / "home");
    }
    void TearDown() override { fs::remove_all(root_); }
    void write(const std::string& path, const std::string& text) {
        const fs::path p = root_ / path.substr(1);
        fs::create_directories(p.parent_path());
        std::ofstream(p) << text;
    }
    CheckResult check() {
        DiagOptions o;
        o.home = (root_ / "home").string();
        o.systemRoot = root_.string();
        return checkRegistration(o, Privacy(false, o.home));
    }
    static const Detail* policyDetail(const CheckResult& r, const std::string& application) {
        for (const Detail& d : r.details)
            if (d.kind == "policy" && field(d, "application") == application && field(d, "read") == "yes")
                return &d;
        return nullptr;
    }
    static std::string field(const Detail& d, const std::string& name) {
        for (const auto& [k, v] : d.fields)
            if (k == name) return v;
        return {};
    }
    fs::path root_;
};

TEST_F(PolicyFiles, TheEtcFileIsReadAndHidesTheDistributionOne) {
    write("/etc/firefox/policies/policies.json", R"({"policies": {}})");
    write("/usr/lib/firefox-esr/distribution/policies.json",
          R"({"policies": {"SecurityDevices": {"Add": {"IAS-ECC": "libias-pkcs11.so"}}}})");
    const std::vector<PolicyLocation> l = policyLocations(root_.string());
    ASSERT_EQ(l.size(), 2u);
    EXPECT_EQ(l[0].application, "Firefox ESR");
    EXPECT_EQ(l[0].read, "/etc/firefox/policies/policies.json");
    EXPECT_EQ(l[0].ignored, std::vector<std::string>{"/usr/lib/firefox-esr/distribution/policies.json"});
    EXPECT_EQ(l[1].read, "");
    const CheckResult r = check();
    EXPECT_NE(r.advice.find("/usr/lib/firefox-esr/distribution/policies.json registers the module, but "
                            "Firefox ESR does not read that file (/etc/firefox/policies/policies.json)"),
              std::string::npos)
        << r.advice;
    EXPECT_EQ(r.finding.find("an enterprise policy registers it"), std::string::npos) << r.finding;
}

TEST_F(PolicyFiles, TheDistributionFileAloneIsRead) {
    write(
        "/usr/lib/thunderbird/distribution/policies.json",
        R"({"policies": {"SecurityDevices": {"Add": {"IAS-ECC": "/usr/lib/x86_64-linux-gnu/pkcs11/libias-pkcs11.so"}}}})");
    write("/etc/firefox-esr/policies/policies.json",
          R"({"policies": {"SecurityDevices": {"Add": {"IAS-ECC": "libias-pkcs11.so"}}}})");
    const CheckResult r = check();
    const Detail* tb = policyDetail(r, "Thunderbird");
    ASSERT_NE(tb, nullptr);
    EXPECT_EQ(field(*tb, "file"), "/usr/lib/thunderbird/distribution/policies.json");
    EXPECT_EQ(field(*tb, "security_devices"), "Add IAS-ECC");
    EXPECT_NE(r.finding.find("an enterprise policy registers it"), std::string::npos) << r.finding;
    // Firefox ESR never reads /etc/firefox-esr: named as such
    EXPECT_NE(
        r.advice.find("/etc/firefox-esr/policies/policies.json registers the module, but Firefox ESR does "
                      "not read that file (it reads none)"),
        std::string::npos)
        << r.advice;
}

TEST_F(PolicyFiles, ADeleteLeftByTheRemovalIsExplained) {
    write("/etc/firefox/policies/policies.json",
          R"({"policies": {"SecurityDevices": {"Delete": ["IAS-ECC"]}}})");
    const CheckResult r = check();
    const Detail* ff = policyDetail(r, "Firefox ESR");
    ASSERT_NE(ff, nullptr);
    EXPECT_EQ(field(*ff, "security_devices"), "Delete IAS-ECC");
    EXPECT_EQ(r.status, Status::Warn);
    EXPECT_NE(
        r.advice.find("Firefox ESR reads /etc/firefox/policies/policies.json, whose SecurityDevices policy "
                      "deletes \"IAS-ECC\""),
        std::string::npos)
        << r.advice;
    EXPECT_NE(r.advice.find("ias-browser-policy add"), std::string::npos);
    EXPECT_EQ(r.finding.find("an enterprise policy registers it"), std::string::npos);
}

TEST_F(PolicyFiles, AnInvalidFileIsNamedWithTheError) {
    write("/etc/thunderbird/policies/policies.json",
          "{\"policies\": {\"SecurityDevices\": {\"Add\": {\"IAS-ECC\"");
    const CheckResult r = check();
    const Detail* tb = policyDetail(r, "Thunderbird");
    ASSERT_NE(tb, nullptr);
    EXPECT_EQ(field(*tb, "security_devices").rfind("invalid: ", 0), 0u) << field(*tb, "security_devices");
    EXPECT_EQ(r.status, Status::Warn);
    EXPECT_NE(
        r.advice.find("Thunderbird reads /etc/thunderbird/policies/policies.json, which is not valid JSON"),
        std::string::npos)
        << r.advice;
    EXPECT_NE(r.advice.find("parse error"), std::string::npos) << r.advice;
}

// An administrator's policy file that users cannot read (0640): Firefox, run as the user, skips it.
TEST_F(PolicyFiles, APolicyFileNotEveryUserMayReadIsNamedWithItsMode) {
    write("/etc/firefox/policies/policies.json",
          R"({"policies": {"SecurityDevices": {"Add": {"IAS-ECC": "libias-pkcs11.so"}}}})");
    fs::permissions(root_ / "etc/firefox/policies/policies.json",
                    fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    const CheckResult r = check();
    EXPECT_EQ(r.status, Status::Warn);
    EXPECT_NE(r.advice.find("Firefox ESR reads /etc/firefox/policies/policies.json, which not every user may "
                            "read (mode 0640)"),
              std::string::npos)
        << r.advice;
    EXPECT_NE(r.advice.find("chmod 644 /etc/firefox/policies/policies.json"), std::string::npos) << r.advice;
    const Detail* ff = policyDetail(r, "Firefox ESR");
    ASSERT_NE(ff, nullptr);
    EXPECT_EQ(field(*ff, "mode"), "0640");
    // Root (CI) still reads it: what it says is reported too.
    if (::geteuid() == 0) {
        EXPECT_EQ(field(*ff, "security_devices"), "Add IAS-ECC");
    } else {
        EXPECT_EQ(field(*ff, "security_devices"), "unreadable here");
    }
}

TEST_F(PolicyFiles, AWorldReadablePolicyFileGivesNoModeWarning) {
    write("/etc/firefox/policies/policies.json",
          R"({"policies": {"SecurityDevices": {"Add": {"IAS-ECC": "libias-pkcs11.so"}}}})");
    fs::permissions(
        root_ / "etc/firefox/policies/policies.json",
        fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
    const CheckResult r = check();
    EXPECT_EQ(r.advice.find("not every user may read"), std::string::npos) << r.advice;
    const Detail* ff = policyDetail(r, "Firefox ESR");
    ASSERT_NE(ff, nullptr);
    EXPECT_EQ(field(*ff, "mode"), "");
}

// OpenSC beside our module: the advice says what the package did (nothing to OpenSC) and what was measured
// (each certificate once, one more PIN prompt), and how the user keeps pkcs11-register from undoing a
// removal.
TEST_F(PolicyFiles, OpenScBesideUsInAProfileOfTheNewFirefoxLocation) {
    const std::string both =
        "library=\nname=NSS Internal PKCS #11 "
        "Module\n\nlibrary=/usr/lib/x86_64-linux-gnu/pkcs11/libias-pkcs11.so\n"
        "name=IAS-ECC\n\nlibrary=/usr/lib/x86_64-linux-gnu/onepin-opensc-pkcs11.so\n"
        "name=OpenSC smartcard framework (0.23)\n";
    write("/home/.config/mozilla/firefox/profiles.ini", "[Profile0]\nName=x\nIsRelative=1\nPath=x.default\n");
    write("/home/.config/mozilla/firefox/x.default/pkcs11.txt", both);
    CheckResult r = check();
    // (the module's installed path does not exist on a build machine: that FAILs on its own; not judged here)
    bool opensc = false;
    for (const Detail& d : r.details)
        if (d.kind == "nss-database" && field(d, "directory") == "~/.config/mozilla/firefox/x.default")
            opensc = field(d, "opensc_too") == "yes";
    EXPECT_TRUE(opensc);
    EXPECT_NE(
        r.advice.find("each certificate is listed once, but a page that asks for your certificate asks for "
                      "the PIN once more, for OpenSC's token"),
        std::string::npos)
        << r.advice;
    EXPECT_NE(r.advice.find("leaves OpenSC in place"), std::string::npos);
    EXPECT_NE(r.advice.find("remove OpenSC in Settings > Privacy & Security > Security Devices"),
              std::string::npos);
    EXPECT_NE(r.advice.find("end its Exec line with --skip-firefox --skip-thunderbird."), std::string::npos);
    EXPECT_NE(r.finding.find("1 also load OpenSC's"), std::string::npos) << r.finding;

    // Chromium's database in $XDG_DATA_HOME's default place: modutil and --skip-chrome
    fs::remove_all(root_ / "home/.config");
    write("/home/.local/share/pki/nssdb/pkcs11.txt", both);
    r = check();
    EXPECT_NE(r.advice.find("close Chromium and run modutil -dbdir sql:~/.local/share/pki/nssdb -delete"),
              std::string::npos)
        << r.advice;
    EXPECT_NE(r.advice.find("end its Exec line with --skip-chrome."), std::string::npos);
}

TEST_F(PolicyFiles, OurModuleAloneGivesNoOpenScAdvice) {
    write("/home/.thunderbird/profiles.ini", "[Profile0]\nName=x\nIsRelative=1\nPath=x.default\n");
    write("/home/.thunderbird/x.default/pkcs11.txt",
          "library=/usr/lib/x86_64-linux-gnu/pkcs11/libias-pkcs11.so\nname=IAS-ECC\n");
    const CheckResult r = check();
    EXPECT_EQ(r.advice.find("OpenSC"), std::string::npos) << r.advice;
}

}  // namespace
}  // namespace ias::diag
