// The card keeps its state in a checksummed state file written atomically, and refuses a damaged one.
#include <fstream>
#include <sstream>

#include "TestCard.h"
#include "vcard/ProfileLoader.h"

namespace ias::vcard::test {
namespace {

using ProfileAndStatePersistence = CardTest;

std::string readAll(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

TEST_F(ProfileAndStatePersistence, StateFileIsSelfContainedWithChecksum) {
    const std::string text = readAll(state);
    EXPECT_NE(text.find(" der="), std::string::npos);
    EXPECT_EQ(text.find("key="), std::string::npos);
    EXPECT_NE(text.find(" left=3"), std::string::npos);
    EXPECT_EQ(text.rfind("checksum sha256="), text.rfind('\n', text.size() - 2) + 1);
    EXPECT_FALSE(std::filesystem::exists(state.string() + ".tmp"));
}

TEST_F(ProfileAndStatePersistence, RetryCounterSurvivesANewCard) {
    EXPECT_EQ(sw("002000010530303030"), 0x6700);  // Lc 5 with 4 data bytes
    EXPECT_EQ(sw("002000010430303030"), 0x63C2);
    reopen();
    EXPECT_EQ(sw("00200001"), 0x63C2);
}

TEST_F(ProfileAndStatePersistence, ChangedPinSurvivesANewCard) {
    EXPECT_EQ(sw("0024000109313233343838383838"), 0x9000);  // 1234 -> 88888
    reopen();
    EXPECT_EQ(sw("002000010431323334"), 0x63C2);
    EXPECT_EQ(sw("00200001053838383838"), 0x9000);
}

TEST_F(ProfileAndStatePersistence, VerificationDoesNotSurviveAReset) {
    verify(0x01, "1234");
    EXPECT_EQ(sw("00200001"), 0x9000);
    card->reset();
    EXPECT_EQ(sw("00200001"), 0x63C3);
}

TEST_F(ProfileAndStatePersistence, InMemoryCardWritesNothingAndCountsItsChanges) {
    const std::string before = readAll(state);
    auto files = [&] {
        return std::distance(std::filesystem::directory_iterator(state.parent_path()),
                             std::filesystem::directory_iterator());
    };
    const auto filesBefore = files();
    card = VirtualCard::inMemory(before);
    EXPECT_EQ(card->stateChanges(), 0u);
    EXPECT_EQ(sw("002000010430303030"), 0x63C2);  // a wrong PIN decrements the counter: in memory only
    EXPECT_GT(card->stateChanges(), 0u);
    EXPECT_EQ(sw("00200001"), 0x63C2);
    EXPECT_EQ(readAll(state), before);
    EXPECT_EQ(files(), filesBefore);
    card = VirtualCard::inMemory(before);  // the same text: the same card, counter full
    EXPECT_EQ(sw("00200001"), 0x63C3);
}

TEST_F(ProfileAndStatePersistence, DamagedStateFileIsRefusedNotReset) {
    card.reset();
    std::string text = readAll(state);
    const auto pos = text.find("tries=3 left=3");
    ASSERT_NE(pos, std::string::npos);
    text.replace(pos, 14, "tries=3 left=2");
    std::ofstream(state, std::ios::binary) << text;
    try {
        VirtualCard damaged(state, profile);
        FAIL() << "a damaged state file was accepted";
    } catch (const CardStateError& e) {
        EXPECT_NE(std::string(e.what()).find("checksum"), std::string::npos);
    }
    EXPECT_EQ(readAll(state), text);  // left as it was
}

TEST_F(ProfileAndStatePersistence, TruncatedStateFileIsRefused) {
    card.reset();
    const std::string text = readAll(state);
    std::ofstream(state, std::ios::binary) << text.substr(0, text.size() / 2);
    EXPECT_THROW(VirtualCard(state, profile), CardStateError);
}

TEST_F(ProfileAndStatePersistence, MissingStateAndProfileIsAnError) {
    EXPECT_THROW(VirtualCard(dir / "nothing.state"), CardStateError);
}

TEST(ProfileParsing, ErrorsNameTheLine) {
    try {
        (void)parseProfile(
            "atr 3B00\ndf 3F00 acl=42FF00\nchv 3F00 ref=1 value=12 min=4 max=8 tries=3 acl=00\n", ".", "p");
        FAIL();
    } catch (const CardStateError& e) {
        EXPECT_NE(std::string(e.what()).find("p:3:"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)parseProfile("atr 3B00\ndf 3F00 acl=4200\n", ".", "p"),
                 CardStateError);  // AMB wants 2 SCBs
    EXPECT_THROW((void)parseProfile("atr 3B00\nef 3F00/2F00 acl=00 data=00\n", ".", "p"), CardStateError);
    EXPECT_THROW((void)parseProfile("atr 3B00\ndf 3F00 acl=00\nbogus 3F00\n", ".", "p"), CardStateError);
    EXPECT_THROW((void)parseProfile("df 3F00 acl=00\n", ".", "p"), CardStateError);  // no ATR
}

}  // namespace
}  // namespace ias::vcard::test
