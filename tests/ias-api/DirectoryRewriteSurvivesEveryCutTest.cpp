// The plan of a PKCS#15 directory rewrite (DirectoryUpdate.h), applied to a simulated directory file and
// journal EF command by command: after every prefix of the commands, a reader that stops at the first 00/FF
// after the last object sees the old objects, the new ones, or the interrupted state the journal names, whose
// completion gives the new objects. Contents are hand-made DER objects (30 len …), not produced by the code
// under test.
#include <gtest/gtest.h>

#include <functional>

#include "DirectoryUpdate.h"
#include "ias/api/ApiError.h"

namespace ias::api::detail {
namespace {

Bytes object(std::uint8_t fill, std::size_t contentLength) {
    Bytes o{0x30};
    if (contentLength < 0x80) {
        o.push_back(static_cast<std::uint8_t>(contentLength));
    } else {
        o.push_back(0x81);
        o.push_back(static_cast<std::uint8_t>(contentLength));
    }
    o.insert(o.end(), contentLength, fill);
    return o;
}

Bytes join(std::initializer_list<Bytes> objects) {
    Bytes out;
    for (const Bytes& o : objects) out.insert(out.end(), o.begin(), o.end());
    return out;
}

// What a PKCS#15 reader sees: whole objects up to the first 00 or FF.
Bytes visible(const Bytes& file) {
    std::size_t pos = 0;
    while (pos < file.size() && file[pos] != 0x00 && file[pos] != 0xFF) {
        std::size_t len = file[pos + 1], header = 2;
        if (len == 0x81) len = file[pos + 2], header = 3;
        pos += header + len;
    }
    return Bytes(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(pos));
}

// The file with `content` and junk (AA) behind its end mark, as earlier rewrites may leave it.
Bytes fileWith(const Bytes& content, std::size_t size) {
    Bytes file(size, 0xAA);
    std::copy(content.begin(), content.end(), file.begin());
    file[content.size()] = 0x00;
    return file;
}

void apply(Bytes& file, const FileWrite& w) {
    ASSERT_LE(w.offset + w.data.size(), file.size());
    std::copy(w.data.begin(), w.data.end(), file.begin() + static_cast<std::ptrdiff_t>(w.offset));
}

const Bytes kFid{0x70, 0x02};

// The card: the directory file and the journal EF (absent: nullopt).
struct Card {
    Bytes file;
    std::optional<Bytes> journal;
};

// The commands of a rewrite, in order, as changes to the simulated card.
std::vector<std::function<void(Card&)>> commands(const RewritePlan& plan, std::size_t chunk) {
    std::vector<std::function<void(Card&)>> out;
    if (plan.journal) {
        const DirectoryJournal j = *plan.journal;
        out.push_back([j](Card& c) { c.journal = Bytes(journalFileSize(j), 0x00); });  // CREATE FILE
        for (const FileWrite& w : journalWrites(j, chunk))
            out.push_back([w](Card& c) { apply(*c.journal, w); });
    }
    for (const FileWrite& w : plan.writes) out.push_back([w](Card& c) { apply(c.file, w); });
    if (plan.journal) out.push_back([](Card& c) { c.journal.reset(); });  // DELETE FILE
    return out;
}

// Cuts after every command; returns how many cuts left the interrupted state.
int cutEverywhere(const Bytes& oldContent, const Bytes& newContent, std::size_t size, std::size_t chunk) {
    const RewritePlan plan = planDirectoryRewrite(oldContent, newContent, size, chunk, kFid);
    const auto steps = commands(plan, chunk);
    int interrupted = 0;
    for (std::size_t k = 0; k <= steps.size(); ++k) {
        Card card{fileWith(oldContent, size), std::nullopt};
        for (std::size_t i = 0; i < k; ++i) steps[i](card);
        const Bytes seen = visible(card.file);
        const std::uint8_t end = seen.size() < card.file.size() ? card.file[seen.size()] : 0x00;
        const auto journal = card.journal ? parseJournal(*card.journal) : std::nullopt;
        if (seen == oldContent || seen == newContent) {
            if (journal) {
                EXPECT_FALSE(journalPending(*journal, seen, end)) << "cut after " << k;
            }
            continue;
        }
        ++interrupted;
        EXPECT_TRUE(journal) << "cut after " << k << " of " << steps.size()
                             << ": neither state and no journal";
        if (!journal) continue;
        EXPECT_EQ(journal->fileId, kFid);
        EXPECT_TRUE(journalPending(*journal, seen, end)) << "cut after " << k;
        for (const FileWrite& w : planJournalCompletion(*journal, size, chunk)) apply(card.file, w);
        EXPECT_EQ(visible(card.file), newContent) << "completion after the cut at " << k;
    }
    return interrupted;
}

const Bytes a = object(0x11, 60), b = object(0x22, 150), c = object(0x33, 90), d = object(0x44, 120);

TEST(DirectoryRewrite, AnAppendIsOldOrNewAfterEveryCommand) {
    const auto plan = planDirectoryRewrite(join({a, b}), join({a, b, c, d}), 1024, 64, kFid);
    EXPECT_FALSE(plan.journal);
    EXPECT_GT(plan.writes.size(), 3u);  // several commands, the tag byte last
    EXPECT_EQ(plan.writes.back().data, Bytes{0x30});
    EXPECT_EQ(cutEverywhere(join({a, b}), join({a, b, c, d}), 1024, 64), 0);
}

TEST(DirectoryRewrite, AChangeThatFitsOneCommandIsOneCommand) {
    const Bytes shorter = object(0x22, 149);
    EXPECT_EQ(planDirectoryRewrite(join({a, b, c}), join({a, shorter, c}), 1024, 255, kFid).writes.size(),
              1u);
    EXPECT_EQ(planDirectoryRewrite(join({a, b, c}), join({a, b}), 1024, 16, kFid).writes.size(), 1u);
}

TEST(DirectoryRewrite, RemovingTheFirstObjectIsJournalledAndEveryCutIsRecognised) {
    EXPECT_GT(cutEverywhere(join({a, b, c, d}), join({b, c, d}), 1024, 64), 0);
    EXPECT_GT(cutEverywhere(join({a, b, c, d}), join({a, d}), 1024, 64), 0);
    EXPECT_GT(cutEverywhere(join({a, b, c}), join({a, object(0x55, 200), c}), 1024, 64), 0);
}

TEST(DirectoryRewrite, AJournalledRewriteNeedsNoMoreRoomThanItsNewContent) {
    const Bytes oldContent = join({a, b, c, d}), newContent = join({b, c, d});
    EXPECT_GT(cutEverywhere(oldContent, newContent, oldContent.size() + 1, 64), 0);
    EXPECT_GT(cutEverywhere(join({a, b, c}), join({a, object(0x55, 120), c}), 308, 64), 0);
    EXPECT_THROW(planDirectoryRewrite(join({a}), join({a, b, c, d}), 300, 64, kFid), ApiError);
}

TEST(DirectoryRewrite, ATornJournalIsNoJournal) {
    const auto plan = planDirectoryRewrite(join({a, b, c, d}), join({b, c, d}), 1024, 64, kFid);
    ASSERT_TRUE(plan.journal);
    Bytes journal(journalFileSize(*plan.journal), 0x00);
    const auto writes = journalWrites(*plan.journal, 64);
    for (std::size_t i = 0; i + 1 < writes.size(); ++i) apply(journal, writes[i]);
    EXPECT_FALSE(parseJournal(journal));  // the header comes after the data it checks
    apply(journal, writes.back());
    EXPECT_TRUE(parseJournal(journal));
    journal.back() ^= 0x01;  // a byte of the journalled data changed
    EXPECT_FALSE(parseJournal(journal));
}

}  // namespace
}  // namespace ias::api::detail
