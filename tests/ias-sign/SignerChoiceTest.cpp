// countersign --signer: a signer named by path, by issuer and serial, or by subject; refused when none or
// several match.
#include <gtest/gtest.h>

#include <sstream>

#include "ExitCode.h"
#include "SignerChoice.h"

namespace ias::sign {
namespace {

SignerVerdict signer(const char* path, const char* subject, const char* issuer, const char* serial) {
    SignerVerdict v;
    v.path = path;
    v.subject = subject;
    v.issuer = issuer;
    v.serial = serial;
    v.counterSignature = std::string(path).find('.') != std::string::npos;  // as verify sets it
    return v;
}

const std::vector<SignerVerdict> kFile = {
    signer("1", "CN=Marie Dupont,O=Ville", "CN=Test CA,O=Example", "0A"),
    signer("1.1", "CN=Paul Martin,O=Ville", "CN=Test CA,O=Example", "1F"),
    signer("2", "CN=Marie Dupont,O=Région", "CN=Other CA", "0A"),
};

int exitOf(const std::string& choice) {
    try {
        chooseSigner(kFile, choice);
    } catch (const tool::ToolError& e) {
        return static_cast<int>(e.code());
    }
    return 0;
}

TEST(SignerChoice, APathIsTakenAsVerifyListsIt) {
    EXPECT_EQ(chooseSigner(kFile, "1.1"), "1.1");
    EXPECT_EQ(chooseSigner(kFile, "2"), "2");
    EXPECT_EQ(exitOf("3"), 8);
    EXPECT_EQ(exitOf("1..1"), 8);  // not a path: no signer has that name either
}

TEST(SignerChoice, IssuerAndSerialNameOneSignerWhateverTheSerialsLeadingZerosOrCase) {
    EXPECT_EQ(chooseSigner(kFile, "CN=Test CA,O=Example:1F"), "1.1");
    EXPECT_EQ(chooseSigner(kFile, "CN=Test CA,O=Example:001f"), "1.1");
    EXPECT_EQ(chooseSigner(kFile, "CN=Other CA:A"), "2");
    EXPECT_EQ(exitOf("CN=Test CA,O=Example:0B"), 8);
    EXPECT_EQ(exitOf("CN=Nobody:0A"), 8);
}

TEST(SignerChoice, ASubjectOrItsCommonNameWorksWhenOnlyOneSignerHasIt) {
    EXPECT_EQ(chooseSigner(kFile, "CN=Paul Martin,O=Ville"), "1.1");
    EXPECT_EQ(chooseSigner(kFile, "Paul Martin"), "1.1");
    EXPECT_EQ(chooseSigner(kFile, "CN=Marie Dupont,O=Région"), "2");
    EXPECT_EQ(exitOf("Marie Dupont"), 2);  // two signers: a usage error that lists them
    try {
        chooseSigner(kFile, "Marie Dupont");
    } catch (const tool::UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("1, 2"), std::string::npos) << e.what();
    }
    EXPECT_EQ(exitOf("Jean Valjean"), 8);
}

std::string listingChoice(const std::string& answers, std::string* shown = nullptr) {
    std::istringstream in(answers);
    std::ostringstream out;
    const std::string path = chooseSignerFromListing(kFile, in, out);
    if (shown) *shown = out.str();
    return path;
}

TEST(SignerChoiceListing, ListsEverySignerWithItsPathNameIssuerAndSerialAndTakesTheNumberChosen) {
    std::string shown;
    EXPECT_EQ(listingChoice("2\n", &shown), "1.1");
    EXPECT_NE(shown.find("[1] signer 1: CN=Marie Dupont,O=Ville"), std::string::npos) << shown;
    EXPECT_NE(shown.find("[2]   counter-signer 1.1: CN=Paul Martin,O=Ville"), std::string::npos) << shown;
    EXPECT_NE(shown.find("CN=Other CA:0A"), std::string::npos) << shown;
    EXPECT_NE(shown.find("[1-3]"), std::string::npos) << shown;
}

TEST(SignerChoiceListing, AnAnswerThatIsNoListedNumberIsAskedAgain) {
    std::string shown;
    EXPECT_EQ(listingChoice("4\nMarie\n3\n", &shown), "2");
    EXPECT_NE(shown.find("\"4\" is not a number of the list"), std::string::npos) << shown;
    EXPECT_NE(shown.find("\"Marie\" is not a number of the list"), std::string::npos) << shown;
}

TEST(SignerChoiceListing, ThreeWrongAnswersOrTheEndOfInputChooseNothing) {
    EXPECT_THROW(listingChoice("0\n-1\n2x\n1\n"), tool::UsageError);
    EXPECT_THROW(listingChoice(""), tool::UsageError);
    EXPECT_THROW(listingChoice("9"), tool::UsageError);
}

}  // namespace
}  // namespace ias::sign
