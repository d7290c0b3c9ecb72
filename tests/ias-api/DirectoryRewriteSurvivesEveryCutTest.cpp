// The plan of a PKCS#15 directory rewrite (DirectoryUpdate.h), applied to a simulated file command by
// command: after every prefix of the commands, a reader that stops at the first 00/FF after the last object
// sees the old objects, the new ones, or the interrupted state the journal names, whose completion gives the
// new objects. Contents are hand-made DER objects (30 len …), not produced by the code under test.
#include <gtest/gtest.h>

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

std::optional<DirectoryJournal> journalOf(const Bytes& file) {
    const auto t = parseJournalTrailer(ByteView(file).last(kJournalTrailerSize));
    if (!t) return std::nullopt;
    const std::size_t end = file.size() - kJournalTrailerSize;
    return checkJournal(*t, ByteView(file).subspan(end - t->length, t->length));
}

// Cuts after every command; returns how many cuts left the interrupted state.
int cutEverywhere(const Bytes& oldContent, const Bytes& newContent, std::size_t size, std::size_t chunk) {
    const auto plan = planDirectoryRewrite(oldContent, newContent, size, chunk);
    int interrupted = 0;
    for (std::size_t k = 0; k <= plan.size(); ++k) {
        Bytes file = fileWith(oldContent, size);
        for (std::size_t i = 0; i < k; ++i) apply(file, plan[i]);
        const Bytes seen = visible(file);
        if (seen == oldContent || seen == newContent) continue;
        ++interrupted;
        const auto journal = journalOf(file);
        EXPECT_TRUE(journal) << "cut after " << k << " of " << plan.size()
                             << ": neither state and no journal";
        if (!journal) continue;
        EXPECT_TRUE(journalPending(*journal, seen, file[seen.size()])) << "cut after " << k;
        for (const FileWrite& w : planJournalCompletion(*journal, size, chunk)) apply(file, w);
        EXPECT_EQ(visible(file), newContent) << "completion after the cut at " << k;
        EXPECT_FALSE(journalOf(file)) << "the journal stays after completion";
    }
    return interrupted;
}

const Bytes a = object(0x11, 60), b = object(0x22, 150), c = object(0x33, 90), d = object(0x44, 120);

TEST(DirectoryRewrite, AnAppendIsOldOrNewAfterEveryCommand) {
    const auto plan = planDirectoryRewrite(join({a, b}), join({a, b, c, d}), 1024, 64);
    EXPECT_GT(plan.size(), 3u);  // several commands, the tag byte last
    EXPECT_EQ(plan.back().data, Bytes{0x30});
    EXPECT_EQ(cutEverywhere(join({a, b}), join({a, b, c, d}), 1024, 64), 0);
}

TEST(DirectoryRewrite, AChangeThatFitsOneCommandIsOneCommand) {
    const Bytes shorter = object(0x22, 149);
    EXPECT_EQ(planDirectoryRewrite(join({a, b, c}), join({a, shorter, c}), 1024, 255).size(), 1u);
    EXPECT_EQ(planDirectoryRewrite(join({a, b, c}), join({a, b}), 1024, 16).size(), 1u);  // truncation
}

TEST(DirectoryRewrite, RemovingTheFirstObjectIsJournalledAndEveryCutIsRecognised) {
    EXPECT_GT(cutEverywhere(join({a, b, c, d}), join({b, c, d}), 1024, 64), 0);
    EXPECT_GT(cutEverywhere(join({a, b, c, d}), join({a, d}), 1024, 64), 0);
    EXPECT_GT(cutEverywhere(join({a, b, c}), join({a, object(0x55, 200), c}), 1024, 64), 0);
}

TEST(DirectoryRewrite, NoRoomForTheJournalIsRefusedBeforeAnyWrite) {
    EXPECT_THROW(planDirectoryRewrite(join({a, b, c, d}), join({b, c, d}), 500, 64), ApiError);
    EXPECT_THROW(planDirectoryRewrite(join({a}), join({a, b, c, d}), 300, 64), ApiError);
}

TEST(DirectoryRewrite, ATornJournalIsNoJournal) {
    const Bytes oldContent = join({a, b, c, d}), newContent = join({b, c, d});
    const auto plan = planDirectoryRewrite(oldContent, newContent, 1024, 64);
    Bytes file = fileWith(oldContent, 1024);
    for (const FileWrite& w : plan) {
        if (w.data.size() == kJournalTrailerSize && w.offset == 1024 - kJournalTrailerSize) break;
        apply(file, w);
    }
    EXPECT_FALSE(journalOf(file));  // the trailer comes after the data it checks
    Bytes wrong = file;
    apply(wrong,
          plan[std::find_if(plan.begin(), plan.end(),
                            [](const FileWrite& w) { return w.offset == 1024 - kJournalTrailerSize; }) -
               plan.begin()]);
    EXPECT_TRUE(journalOf(wrong));
    wrong[1024 - kJournalTrailerSize - 1] ^= 0x01;  // a byte of the journalled data changed
    EXPECT_FALSE(journalOf(wrong));
}

}  // namespace
}  // namespace ias::api::detail
