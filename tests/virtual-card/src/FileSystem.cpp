#include "vcard/FileSystem.h"

#include <algorithm>

#include "ias/apdu/Tlv.h"

namespace ias::vcard {
namespace {

template <typename T>
T* findIn(std::vector<T>& items, std::uint8_t ref) {
    for (T& item : items)
        if (item.ref == ref) return &item;
    return nullptr;
}

// Walks from `df` up to the MF and returns the first SDO found by `pick`.
template <typename T, typename Pick>
T* findUpwards(FileNode& df, std::uint8_t ref, FileNode** where, Pick pick) {
    for (FileNode* node = &df; node; node = node->parent) {
        if (T* found = findIn(pick(*node), ref)) {
            if (where) *where = node;
            return found;
        }
    }
    return nullptr;
}

}  // namespace

FileNode& rootOf(FileNode& node) {
    FileNode* n = &node;
    while (n->parent) n = n->parent;
    return *n;
}

FileNode* findByAid(FileNode& root, ByteView aid) {
    if (root.isDf && !root.aid.empty() &&
        std::equal(root.aid.begin(), root.aid.end(), aid.begin(), aid.end()))
        return &root;
    for (auto& c : root.children)
        if (FileNode* found = c->isDf ? findByAid(*c, aid) : nullptr) return found;
    return nullptr;
}

FileNode* findBySfi(FileNode& df, std::uint8_t sfi) {
    for (FileNode* node = &df; node; node = node->parent)
        for (auto& c : node->children)
            if (!c->isDf && c->sfi && *c->sfi == sfi) return c.get();
    return nullptr;
}

FileNode* followPath(FileNode& start, ByteView path) {
    if (path.size() % 2 != 0) return nullptr;
    FileNode* node = &start;
    for (std::size_t i = 0; i < path.size(); i += 2) {
        const auto fid = static_cast<std::uint16_t>((path[i] << 8) | path[i + 1]);
        if (!node->isDf) return nullptr;
        node = node->child(fid);
        if (!node) return nullptr;
    }
    return node;
}

Chv* findChv(FileNode& df, std::uint8_t ref, FileNode** where) {
    return findUpwards<Chv>(df, ref, where, [](FileNode& n) -> std::vector<Chv>& { return n.chvs; });
}

KeyPair* findKey(FileNode& df, std::uint8_t ref, FileNode** where) {
    return findUpwards<KeyPair>(df, ref, where, [](FileNode& n) -> std::vector<KeyPair>& { return n.keys; });
}

Keyset* findKeyset(FileNode& df, std::uint8_t ref, FileNode** where) {
    return findUpwards<Keyset>(df, ref, where, [](FileNode& n) -> std::vector<Keyset>& { return n.keysets; });
}

SecurityEnvironment* findEnvironment(FileNode& df, std::uint8_t ref, FileNode** where) {
    return findUpwards<SecurityEnvironment>(
        df, ref, where, [](FileNode& n) -> std::vector<SecurityEnvironment>& { return n.environments; });
}

Chv* resolvePinReference(FileNode& df, std::uint8_t reference, FileNode** where) {
    const std::uint8_t ref = reference & 0x1F;
    if (reference & 0x80) return findChv(df, ref, where);
    FileNode& mf = rootOf(df);
    Chv* chv = findIn(mf.chvs, ref);
    if (chv && where) *where = &mf;
    return chv;
}

Bytes buildFcp(const FileNode& file) {
    Bytes content;
    if (!file.isDf)
        appendTlv(content, 0x80,
                  Bytes{static_cast<std::uint8_t>(file.size >> 8), static_cast<std::uint8_t>(file.size)});
    appendTlv(content, 0x82, Bytes{static_cast<std::uint8_t>(file.isDf ? 0x38 : 0x01)});
    appendTlv(content, 0x83,
              Bytes{static_cast<std::uint8_t>(file.fid >> 8), static_cast<std::uint8_t>(file.fid)});
    if (file.isDf && !file.aid.empty()) appendTlv(content, 0x84, file.aid);
    if (!file.isDf && file.sfi) appendTlv(content, 0x88, Bytes{static_cast<std::uint8_t>(*file.sfi << 3)});
    appendTlv(content, 0x8A, Bytes{0x05});  // life cycle: operational, activated
    appendTlv(content, 0xA1, encodeTlv(0x8C, file.acl.bytes()));
    return encodeTlv(0x62, content);
}

}  // namespace ias::vcard
