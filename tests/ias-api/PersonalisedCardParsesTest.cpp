// The virtual card's personalisation (tests/virtual-card/personalise, written by another engineer with its
// own DER writer) makes real PKCS#15 files. They must parse, and agree with each other and with the card
// profile the same script writes (PIN references and lengths, key references, AID, serial, file sizes).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "TestData.h"
#include "ias/api/Aodf.h"
#include "ias/api/Cdf.h"
#include "ias/api/Certificate.h"
#include "ias/api/EfDir.h"
#include "ias/api/Odf.h"
#include "ias/api/Prkdf.h"
#include "ias/api/Pukdf.h"
#include "ias/api/TokenInfo.h"

namespace ias::api {
namespace {

namespace fs = std::filesystem;

struct ProfileLine {
    std::string kind;
    std::string scope;
    std::map<std::string, std::string> attrs;
};

// card.profile: "<kind> <scope> key=value ..." lines.
std::vector<ProfileLine> readProfile(const fs::path& file) {
    std::vector<ProfileLine> out;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream words(line);
        ProfileLine p;
        words >> p.kind >> p.scope;
        std::string w;
        while (words >> w) {
            const auto eq = w.find('=');
            if (eq != std::string::npos) p.attrs[w.substr(0, eq)] = w.substr(eq + 1);
        }
        out.push_back(p);
    }
    return out;
}

class PersonalisedCard : public ::testing::TestWithParam<const char*> {
protected:
    void SetUp() override {
        const fs::path script = fs::path(IAS_SOURCE_DIR) / "tests/virtual-card/personalise/personalise";
        if (!fs::exists(script)) GTEST_SKIP() << "no personalisation script";
        const fs::path work = fs::temp_directory_path() / ("ias-api-p15-" + std::to_string(::getpid()));
        dir_ = work / GetParam();
        fs::remove_all(dir_);
        fs::create_directories(work);
        const std::string cmd = "bash '" + script.string() + "' '" + dir_.string() + "' --profile " +
                                GetParam() + " --pki-cache '" +
                                (fs::temp_directory_path() / "ias-api-p15-pki").string() + "' >'" +
                                (work / "personalise.log").string() + "' 2>&1";
        ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
        profile_ = readProfile(dir_ / "card.profile");
        ASSERT_FALSE(profile_.empty());
    }
    void TearDown() override {
        if (!dir_.empty()) fs::remove_all(dir_.parent_path());
    }

    // The content of the file whose profile line is "ef <scope ending in fid> ... file=...", filled up
    // to its declared size as the card serves it.
    Bytes file(const std::string& fid, std::uint8_t fill = 0x00) const {
        for (const ProfileLine& p : profile_) {
            if (p.kind != "ef" || p.scope.size() < 4 || p.scope.substr(p.scope.size() - 4) != fid) continue;
            Bytes data = test::readFile((dir_ / p.attrs.at("file")).string());
            if (p.attrs.count("size")) {
                const std::size_t size = std::stoul(p.attrs.at("size"));
                EXPECT_GE(size, data.size());
                data.resize(size, fill);
            }
            return data;
        }
        ADD_FAILURE() << "no file " << fid << " in the profile";
        return {};
    }
    const ProfileLine* find(const std::string& kind, const std::string& scope, const std::string& ref) const {
        for (const ProfileLine& p : profile_)
            if (p.kind == kind && p.scope == scope && p.attrs.count("ref") && p.attrs.at("ref") == ref)
                return &p;
        return nullptr;
    }
    std::string value(const std::string& kind) const {
        for (const ProfileLine& p : profile_)
            if (p.kind == kind) return p.scope;
        return {};
    }

    fs::path dir_;
    std::vector<ProfileLine> profile_;
};

TEST_P(PersonalisedCard, FilesParseAndAgree) {
    std::string adf, aid;
    for (const ProfileLine& p : profile_)
        if (p.kind == "df" && p.attrs.count("aid")) adf = p.scope, aid = p.attrs.at("aid");
    ASSERT_FALSE(aid.empty());

    // EF.DIR names the application of the profile.
    const auto apps = parseEfDir(file("2F00"));
    ASSERT_EQ(apps.size(), 1u);
    EXPECT_EQ(toHex(apps[0].aid), aid);

    // The ODF names the directory files the profile holds.
    const Odf odf = parseOdf(file("5031"));
    ASSERT_EQ(odf.authObjects.size(), 1u);
    ASSERT_EQ(odf.privateKeys.size(), 1u);
    ASSERT_EQ(odf.publicKeys.size(), 1u);
    ASSERT_EQ(odf.certificates.size(), 1u);

    const TokenInfo ti = parseTokenInfo(file("5032"));
    EXPECT_EQ(toHex(ti.serialNumber), value("serial"));
    EXPECT_FALSE(ti.supportedAlgorithms.empty());
    std::set<std::uint32_t> references;
    for (const AlgorithmInfo& a : ti.supportedAlgorithms) {
        EXPECT_TRUE(a.algRef.has_value()) << a.reference;  // IAS-ECC needs the card's algorithm byte
        references.insert(a.reference);
    }

    for (std::uint8_t fill : {0x00, 0xFF}) {
        SCOPED_TRACE(int(fill));
        const auto pins = parseAodf(file(toHex(odf.authObjects[0].value), fill));
        ASSERT_EQ(pins.size(), 3u);
        std::set<std::string> authIds;
        for (const PinObject& pin : pins) {
            authIds.insert(toHex(pin.authId));
            // VERIFY P2 = ref (global, MF) or 0x80|ref (local, ADF): the CHV the profile puts there.
            const std::string scope = pin.local() ? adf : "3F00";
            const ProfileLine* chv = find("chv", scope, std::to_string(pin.reference & 0x7F));
            ASSERT_NE(chv, nullptr) << pin.common.label;
            EXPECT_EQ(pin.local(), (pin.reference & 0x80) != 0);
            EXPECT_EQ(std::to_string(pin.minLength), chv->attrs.at("min")) << pin.common.label;
            EXPECT_EQ(std::to_string(pin.maxLength.value_or(0)), chv->attrs.at("max")) << pin.common.label;
        }
        for (const PinObject& pin : pins) {  // the PUK named by each PIN exists
            if (!pin.common.authId.empty()) {
                EXPECT_TRUE(authIds.count(toHex(pin.common.authId)));
            }
        }

        const auto keys = parsePrkdf(file(toHex(odf.privateKeys[0].value), fill));
        const auto pubs = parsePukdf(file(toHex(odf.publicKeys[0].value), fill));
        const auto certs = parseCdf(file(toHex(odf.certificates[0].value), fill));
        ASSERT_FALSE(keys.empty());
        std::map<std::string, const CertificateObject*> certById;
        for (const CertificateObject& c : certs) certById[toHex(c.id)] = &c;
        std::set<std::string> pubIds;
        for (const PublicKeyObject& k : pubs) pubIds.insert(toHex(k.key.id));

        for (const PrivateKeyObject& key : keys) {
            SCOPED_TRACE(key.common.label);
            EXPECT_TRUE(authIds.count(toHex(key.common.authId)));
            ASSERT_TRUE(key.key.keyReference.has_value());
            const char* kind = key.type == KeyType::Rsa ? "rsa" : "ec";
            EXPECT_NE(find(kind, adf, std::to_string(*key.key.keyReference)), nullptr);
            EXPECT_EQ(toHex(key.path.aid), aid);  // the key lives in the application, as an SDO
            for (std::uint32_t r : key.key.algRefs) EXPECT_TRUE(references.count(r)) << r;
            // Its certificate: same iD, readable, same key size.
            ASSERT_TRUE(certById.count(toHex(key.key.id)));
            const CertificateObject& c = *certById[toHex(key.key.id)];
            const Bytes certFile = file(toHex(c.path.value));
            ASSERT_TRUE(c.path.length.has_value());
            EXPECT_EQ(*c.path.length, certFile.size());
            const CertificateEssentials ce = parseCertificate(certificateExtent(certFile));
            EXPECT_EQ(ce.keyType, key.type);
            if (key.type == KeyType::Rsa) {
                EXPECT_EQ(ce.keyBits, key.modulusBits);
                EXPECT_TRUE(pubIds.count(toHex(key.key.id)));
            }
        }
        for (const CertificateObject& c : certs) {
            if (c.authority) {
                EXPECT_NO_THROW(parseCertificate(certificateExtent(file(toHex(c.path.value)))));
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Profiles, PersonalisedCard, ::testing::Values("standard", "extended"));

}  // namespace
}  // namespace ias::api
