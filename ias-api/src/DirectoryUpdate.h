#pragma once
// Internal: how a PKCS#15 directory file (PrKDF, PuKDF, CDF …) is rewritten so that a card pulled after any
// command leaves a state every PKCS#15 reader can read, and that is either the old content, the new one, or
// an interrupted rewrite this layer recognises and completes (docs/ias-api.md, "Interrupted
// administration"). Readers stop at the first 00 or FF after the last object; that is what makes it work:
// - a change that fits one UPDATE BINARY is one command (the card writes a command whole or not at all);
// - an append writes the new objects behind the 00 that ends the old ones, then that byte (their tag) last;
// - anything else is journalled: the new bytes from the first changed object on go to a journal EF of their
//   own (70FF, its header written last), then FF is written where the changed objects begin (readers see
//   the unchanged objects before it), the new bytes behind it, the first byte last, and the journal EF is
//   deleted. FF there with a valid journal naming that file and offset is the interrupted state.
#include <cstddef>
#include <optional>
#include <vector>

#include "ias/apdu/Bytes.h"

namespace ias::api::detail {

// One UPDATE BINARY.
struct FileWrite {
    std::size_t offset = 0;
    Bytes data;
};

// The journal EF's FID in the application, and its header: "IASJ" ‖ directory FID(2) ‖ offset(2) ‖
// length(2) ‖ FNV-1a-32 of those six bytes and the tail (4); the tail follows.
inline const Bytes kJournalFid{0x70, 0xFF};
constexpr std::size_t kJournalHeaderSize = 14;

struct DirectoryJournal {
    Bytes fileId;            // the directory file's FID
    std::size_t offset = 0;  // where the new objects begin
    Bytes tail;              // the new content from `offset` on
};

struct RewritePlan {
    std::optional<DirectoryJournal> journal;  // written to the journal EF first, when set
    std::vector<FileWrite> writes;            // then these, to the directory file
};

// How to turn `oldContent` (the objects before the first 00/FF) into `newContent` in the directory file
// `fileId` of `fileSize` bytes, in commands of at most `chunk` bytes. No writes when nothing changes.
// Throws ApiError(NoSpace) when the new content does not fit (then nothing must be written).
RewritePlan planDirectoryRewrite(ByteView oldContent, ByteView newContent, std::size_t fileSize,
                                 std::size_t chunk, ByteView fileId);

// The journal EF: its size, and the writes that fill it (the header last, so a torn journal is invalid).
std::size_t journalFileSize(const DirectoryJournal& journal);
std::vector<FileWrite> journalWrites(const DirectoryJournal& journal, std::size_t chunk);
// The journal in a journal EF's content; nullopt when it is not a whole, valid one.
std::optional<DirectoryJournal> parseJournal(ByteView content);

// The rewrite is interrupted when the directory file's objects end at the journal's offset with FF there.
bool journalPending(const DirectoryJournal& journal, ByteView visibleContent, std::uint8_t byteAtEnd);

// The directory-file commands that finish an interrupted rewrite (the FF at `offset` is already written).
std::vector<FileWrite> planJournalCompletion(const DirectoryJournal& journal, std::size_t fileSize,
                                             std::size_t chunk);

}  // namespace ias::api::detail
