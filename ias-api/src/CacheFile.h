#pragma once
// Internal: the file that keeps the public content of cards between processes (docs/performance.md,
// "Persistent cache"). One file per ATR in a private directory, holding the content of the last few cards
// with that ATR, most recent first. A file that is damaged, foreign (another format, owner or mode) or
// unreadable counts as absent and is rewritten on the next store; nothing in it is trusted before the
// card itself confirms it (Card::Impl::restoreFromDisk).
#include <map>
#include <string>
#include <vector>

#include "ias/apdu/Bytes.h"

namespace ias::api::detail {

// ContentCache entries of one card: name → content.
using CacheRecord = std::map<std::string, Bytes>;

constexpr std::size_t kMaxCachedCards = 4;  // cards with the same ATR kept in one file

std::vector<CacheRecord> loadCacheRecords(const std::string& dir, ByteView atr);
// Puts `record` first, replacing the record whose entry `identityName` has the same value; keeps at most
// kMaxCachedCards. Atomic (temporary file + rename). Failures are ignored: the cache is an optimisation.
void storeCacheRecord(const std::string& dir, ByteView atr, const CacheRecord& record,
                      const std::string& identityName) noexcept;
// Drops the record whose entry `identityName` has that value.
void eraseCacheRecord(const std::string& dir, ByteView atr, const std::string& identityName,
                      ByteView identity) noexcept;

// The serialisation (exposed for the tests of damaged files).
Bytes encodeCacheRecords(const std::vector<CacheRecord>& records);
std::vector<CacheRecord> decodeCacheRecords(ByteView file);  // empty when not a valid file
std::string cacheFileName(ByteView atr);

}  // namespace ias::api::detail
