#include "DirectoryUpdate.h"

#include <algorithm>

#include "Pkcs15Writer.h"
#include "ias/api/ApiError.h"

namespace ias::api::detail {
namespace {

constexpr std::uint8_t kMagic[4] = {'I', 'A', 'S', 'J'};

std::uint32_t fnv1a(ByteView data, std::uint32_t h = 0x811C9DC5u) {
    for (std::uint8_t b : data) h = (h ^ b) * 0x01000193u;
    return h;
}

void be16(Bytes& out, std::size_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}

// FID ‖ offset ‖ length: what the checksum covers with the tail.
Bytes journalFields(const DirectoryJournal& j) {
    Bytes f = j.fileId;
    be16(f, j.offset);
    be16(f, j.tail.size());
    return f;
}

// `data` written at `offset` in commands of at most `chunk` bytes.
void addChunked(std::vector<FileWrite>& out, std::size_t offset, ByteView data, std::size_t chunk) {
    for (std::size_t done = 0; done < data.size(); done += chunk) {
        const ByteView part = data.subspan(done, std::min(chunk, data.size() - done));
        out.push_back({offset + done, Bytes(part.begin(), part.end())});
    }
}

}  // namespace

RewritePlan planDirectoryRewrite(ByteView o, ByteView n, std::size_t size, std::size_t chunk,
                                 ByteView fileId) {
    if (chunk < kJournalHeaderSize)
        throw ApiError(ApiErrorKind::NotSupported, "UPDATE BINARY chunk too small");
    if (n.size() > size)
        throw ApiError(ApiErrorKind::NoSpace, "the PKCS#15 file has room for " + std::to_string(size) +
                                                  " bytes, " + std::to_string(n.size()) + " needed");
    // What must be on the card afterwards: the objects and the 00 that ends them (unless the file is full).
    Bytes target(n.begin(), n.end());
    if (n.size() < size) target.push_back(0x00);
    // What is known to be there: the objects and their end mark (bytes behind it may be anything).
    auto known = [&](std::size_t i) -> std::optional<std::uint8_t> {
        if (i < o.size()) return o[i];
        if (i == o.size() && o.size() < size) return std::uint8_t{0x00};
        return std::nullopt;
    };
    std::size_t first = target.size(), last = 0;
    for (std::size_t i = 0; i < target.size(); ++i) {
        const auto k = known(i);
        if (!k || *k != target[i]) {
            first = std::min(first, i);
            last = i;
        }
    }
    RewritePlan plan;
    if (first == target.size()) return plan;
    if (last - first + 1 <= chunk) {  // one command: the card writes it whole or not at all
        plan.writes.push_back({first, Bytes(target.begin() + static_cast<std::ptrdiff_t>(first),
                                            target.begin() + static_cast<std::ptrdiff_t>(last) + 1)});
        return plan;
    }
    if (n.size() > o.size() && std::equal(o.begin(), o.end(), n.begin())) {
        // Append: behind the old end mark first, the first byte of the new objects (their tag) last.
        addChunked(plan.writes, o.size() + 1, ByteView(target).subspan(o.size() + 1), chunk);
        plan.writes.push_back({o.size(), Bytes{n[o.size()]}});
        return plan;
    }
    // Journalled: from the start of the first object that changes.
    std::size_t p = 0;
    for (const Bytes& object : splitObjects(o)) {
        if (p + object.size() > first) break;
        p += object.size();
    }
    DirectoryJournal journal{Bytes(fileId.begin(), fileId.end()), p,
                             Bytes(n.begin() + static_cast<std::ptrdiff_t>(p), n.end())};
    plan.writes.push_back({p, Bytes{0xFF}});
    for (FileWrite& w : planJournalCompletion(journal, size, chunk)) plan.writes.push_back(std::move(w));
    plan.journal = std::move(journal);
    return plan;
}

std::size_t journalFileSize(const DirectoryJournal& j) {
    return kJournalHeaderSize + j.tail.size();
}

std::vector<FileWrite> journalWrites(const DirectoryJournal& j, std::size_t chunk) {
    std::vector<FileWrite> out;
    addChunked(out, kJournalHeaderSize, view(j.tail), chunk);
    Bytes header(std::begin(kMagic), std::end(kMagic));
    const Bytes fields = journalFields(j);
    append(header, view(fields));
    const std::uint32_t sum = fnv1a(view(j.tail), fnv1a(view(fields)));
    for (int s = 24; s >= 0; s -= 8) header.push_back(static_cast<std::uint8_t>(sum >> s));
    out.push_back({0, std::move(header)});
    return out;
}

std::optional<DirectoryJournal> parseJournal(ByteView c) {
    if (c.size() < kJournalHeaderSize || !std::equal(std::begin(kMagic), std::end(kMagic), c.begin()))
        return std::nullopt;
    DirectoryJournal j;
    j.fileId = Bytes(c.begin() + 4, c.begin() + 6);
    j.offset = (std::size_t{c[6]} << 8) | c[7];
    const std::size_t length = (std::size_t{c[8]} << 8) | c[9];
    const std::uint32_t sum =
        (std::uint32_t{c[10]} << 24) | (std::uint32_t{c[11]} << 16) | (std::uint32_t{c[12]} << 8) | c[13];
    if (length == 0 || c.size() < kJournalHeaderSize + length) return std::nullopt;
    j.tail = Bytes(c.begin() + kJournalHeaderSize,
                   c.begin() + static_cast<std::ptrdiff_t>(kJournalHeaderSize + length));
    if (fnv1a(view(j.tail), fnv1a(view(journalFields(j)))) != sum) return std::nullopt;
    return j;
}

bool journalPending(const DirectoryJournal& journal, ByteView visibleContent, std::uint8_t byteAtEnd) {
    return visibleContent.size() == journal.offset && byteAtEnd == 0xFF;
}

std::vector<FileWrite> planJournalCompletion(const DirectoryJournal& journal, std::size_t size,
                                             std::size_t chunk) {
    const std::size_t end = journal.offset + journal.tail.size();
    if (journal.tail.empty() || end > size)
        throw ApiError(ApiErrorKind::CardContent, "a directory journal that does not fit its file");
    std::vector<FileWrite> out;
    Bytes rest(journal.tail.begin() + 1, journal.tail.end());
    if (end < size) rest.push_back(0x00);  // the end mark
    addChunked(out, journal.offset + 1, view(rest), chunk);
    out.push_back({journal.offset, Bytes{journal.tail.front()}});
    return out;
}

}  // namespace ias::api::detail
