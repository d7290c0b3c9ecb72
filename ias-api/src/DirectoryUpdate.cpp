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

Bytes be16(std::size_t v) {
    return Bytes{static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

std::uint32_t journalChecksum(std::size_t offset, ByteView tail) {
    Bytes head = be16(offset);
    append(head, view(be16(tail.size())));
    return fnv1a(tail, fnv1a(view(head)));
}

// `data` written at `offset` in commands of at most `chunk` bytes.
void addChunked(std::vector<FileWrite>& out, std::size_t offset, ByteView data, std::size_t chunk) {
    for (std::size_t done = 0; done < data.size(); done += chunk) {
        const ByteView part = data.subspan(done, std::min(chunk, data.size() - done));
        out.push_back({offset + done, Bytes(part.begin(), part.end())});
    }
}

}  // namespace

std::vector<FileWrite> planDirectoryRewrite(ByteView o, ByteView n, std::size_t size, std::size_t chunk) {
    if (chunk < kJournalTrailerSize)
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
    if (first == target.size()) return {};
    std::vector<FileWrite> out;
    if (last - first + 1 <= chunk) {  // one command: the card writes it whole or not at all
        out.push_back({first, Bytes(target.begin() + static_cast<std::ptrdiff_t>(first),
                                    target.begin() + static_cast<std::ptrdiff_t>(last) + 1)});
        return out;
    }
    if (n.size() > o.size() && std::equal(o.begin(), o.end(), n.begin())) {
        // Append: behind the old end mark first, the first byte of the new objects (their tag) last.
        addChunked(out, o.size() + 1, ByteView(target).subspan(o.size() + 1), chunk);
        out.push_back({o.size(), Bytes{n[o.size()]}});
        return out;
    }
    // Journalled: from the start of the first object that changes.
    std::size_t p = 0;
    for (const Bytes& object : splitObjects(o)) {
        if (p + object.size() > first) break;
        p += object.size();
    }
    const ByteView tail = n.subspan(p);
    const std::size_t room = std::max(o.size(), n.size()) + 1 + tail.size() + kJournalTrailerSize;
    if (room > size)
        throw ApiError(ApiErrorKind::NoSpace, "the PKCS#15 file (" + std::to_string(size) +
                                                  " bytes) has no room to journal a " +
                                                  std::to_string(tail.size()) + "-byte rewrite (" +
                                                  std::to_string(room) + " bytes needed)");
    const std::size_t trailerAt = size - kJournalTrailerSize;
    addChunked(out, trailerAt - tail.size(), tail, chunk);
    Bytes trailer(std::begin(kMagic), std::end(kMagic));
    append(trailer, view(be16(p)));
    append(trailer, view(be16(tail.size())));
    const std::uint32_t sum = journalChecksum(p, tail);
    for (int s = 24; s >= 0; s -= 8) trailer.push_back(static_cast<std::uint8_t>(sum >> s));
    out.push_back({trailerAt, trailer});
    out.push_back({p, Bytes{0xFF}});
    DirectoryJournal journal{p, Bytes(tail.begin(), tail.end())};
    for (FileWrite& w : planJournalCompletion(journal, size, chunk)) out.push_back(std::move(w));
    return out;
}

std::optional<JournalTrailer> parseJournalTrailer(ByteView t) {
    if (t.size() != kJournalTrailerSize || !std::equal(std::begin(kMagic), std::end(kMagic), t.begin()))
        return std::nullopt;
    JournalTrailer j;
    j.offset = (std::size_t{t[4]} << 8) | t[5];
    j.length = (std::size_t{t[6]} << 8) | t[7];
    j.checksum =
        (std::uint32_t{t[8]} << 24) | (std::uint32_t{t[9]} << 16) | (std::uint32_t{t[10]} << 8) | t[11];
    if (j.length == 0) return std::nullopt;
    return j;
}

std::optional<DirectoryJournal> checkJournal(const JournalTrailer& trailer, ByteView data) {
    if (data.size() != trailer.length || journalChecksum(trailer.offset, data) != trailer.checksum)
        return std::nullopt;
    return DirectoryJournal{trailer.offset, Bytes(data.begin(), data.end())};
}

bool journalPending(const DirectoryJournal& journal, ByteView visibleContent, std::uint8_t byteAtEnd) {
    return visibleContent.size() == journal.offset && byteAtEnd == 0xFF;
}

std::vector<FileWrite> planJournalCompletion(const DirectoryJournal& journal, std::size_t size,
                                             std::size_t chunk) {
    std::vector<FileWrite> out;
    const std::size_t end = journal.offset + journal.tail.size();
    if (journal.tail.empty() || end + 1 + journal.tail.size() + kJournalTrailerSize > size)
        throw ApiError(ApiErrorKind::CardContent, "a directory journal that does not fit its file");
    Bytes rest(journal.tail.begin() + 1, journal.tail.end());
    rest.push_back(0x00);  // the end mark (the journal lies behind it)
    addChunked(out, journal.offset + 1, view(rest), chunk);
    out.push_back({journal.offset, Bytes{journal.tail.front()}});
    out.push_back(journalErasure(size));
    return out;
}

FileWrite journalErasure(std::size_t size) {
    return {size - kJournalTrailerSize, Bytes(kJournalTrailerSize, 0x00)};
}

}  // namespace ias::api::detail
