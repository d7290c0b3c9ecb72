#pragma once
// Internal: how a PKCS#15 directory file (PrKDF, PuKDF, CDF …) is rewritten so that a card pulled after any
// UPDATE BINARY leaves a state every PKCS#15 reader can read, and that is either the old content, the new
// one, or an interrupted rewrite this layer recognises and completes (docs/ias-api.md, "Interrupted
// administration"). Readers stop at the first 00 or FF after the last object; that is what makes it work:
// - a change that fits one UPDATE BINARY is one command (the card writes a command whole or not at all);
// - an append writes the new objects behind the 00 that ends the old ones, then that byte (their tag) last;
// - anything else is journalled: the new bytes from the first changed object onwards go to the end of the
//   file with a trailer (magic, offset, length, checksum), then FF is written where the changed objects
//   begin (readers see the unchanged objects before it), the new bytes behind it, the first byte last, and
//   the trailer is erased. FF there with a valid trailer naming that offset is the interrupted state.
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

constexpr std::size_t kJournalTrailerSize = 12;  // "IASJ" ‖ offset(2) ‖ length(2) ‖ FNV-1a-32(4)

// The UPDATE BINARY commands, in order, that turn `oldContent` (the objects before the first 00/FF) into
// `newContent` in a file of `fileSize` bytes, none longer than `chunk`. Empty when nothing changes. Throws
// ApiError(NoSpace) when the new content or its journal does not fit (then nothing must be written).
std::vector<FileWrite> planDirectoryRewrite(ByteView oldContent, ByteView newContent, std::size_t fileSize,
                                            std::size_t chunk);

// A journal found at the end of a directory file.
struct DirectoryJournal {
    std::size_t offset = 0;  // where the new objects begin
    Bytes tail;              // the new content from `offset` on
};

// Parses a trailer (the file's last kJournalTrailerSize bytes): the length of the journalled bytes before
// it, and the offset; nullopt when it is not a trailer.
struct JournalTrailer {
    std::size_t offset = 0, length = 0;
    std::uint32_t checksum = 0;
};
std::optional<JournalTrailer> parseJournalTrailer(ByteView trailer);
// The journal when `data` (the `length` bytes before the trailer) matches its checksum.
std::optional<DirectoryJournal> checkJournal(const JournalTrailer& trailer, ByteView data);

// The rewrite is interrupted when the objects end at the journal's offset with FF there.
bool journalPending(const DirectoryJournal& journal, ByteView visibleContent, std::uint8_t byteAtEnd);

// The commands that finish an interrupted rewrite (the FF at `offset` is already written) and erase the
// trailer; and the one that erases a trailer left behind.
std::vector<FileWrite> planJournalCompletion(const DirectoryJournal& journal, std::size_t fileSize,
                                             std::size_t chunk);
FileWrite journalErasure(std::size_t fileSize);

}  // namespace ias::api::detail
