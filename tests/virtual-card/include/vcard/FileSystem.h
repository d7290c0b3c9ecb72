#pragma once
// Finding files and SDOs in the tree, and the FCP a SELECT answers with.
#include <cstdint>
#include <vector>

#include "ias/apdu/Bytes.h"
#include "vcard/CardModel.h"

namespace ias::vcard {

FileNode* findByAid(FileNode& root, ByteView aid);
// The EF with short identifier `sfi` in `df` or, failing that, in its ancestors.
FileNode* findBySfi(FileNode& df, std::uint8_t sfi);
// Follows a path of FIDs (2 bytes each) from `start`; nullptr when a step is missing.
FileNode* followPath(FileNode& start, ByteView path);
FileNode& rootOf(FileNode& node);

// SDO lookup: in `df`, then in its ancestors. References are without the 0x80 "local" bit.
struct Located {
    FileNode* df = nullptr;
};
Chv* findChv(FileNode& df, std::uint8_t ref, FileNode** where = nullptr);
KeyPair* findKey(FileNode& df, std::uint8_t ref, FileNode** where = nullptr);
Keyset* findKeyset(FileNode& df, std::uint8_t ref, FileNode** where = nullptr);
SecurityEnvironment* findEnvironment(FileNode& df, std::uint8_t ref, FileNode** where = nullptr);

// A CHV named the way VERIFY P2 and a CRT 83 name it: 0x80|n = local (current DF upwards), n = global (MF).
Chv* resolvePinReference(FileNode& df, std::uint8_t reference, FileNode** where = nullptr);

// FCP template 62 { 80 size (EF), 82 descriptor, 83 FID, 84 AID (DF), 88 SFI, 8A life cycle, A1 { 8C ACL } }.
Bytes buildFcp(const FileNode& file);

}  // namespace ias::vcard
