#include "vcard/CardModel.h"

#include <algorithm>
#include <cstdio>

#include "ias/apdu/Tlv.h"

namespace ias::vcard {

std::vector<Crt> SecurityEnvironment::parsedCrts() const {
    std::vector<Crt> out;
    for (const Tlv& t : parseTlvList(crts)) {
        Crt crt;
        crt.tag = static_cast<std::uint8_t>(t.tag);
        for (const Tlv& item : parseTlvList(t.value)) {
            if (item.value.size() != 1) continue;
            if (item.tag == 0x95) crt.usage = item.value[0];
            if (item.tag == 0x80) crt.algorithm = item.value[0];
            if (item.tag == 0x83 || item.tag == 0x84) crt.refs.push_back(item.value[0]);
        }
        out.push_back(crt);
    }
    return out;
}

std::optional<Crt> SecurityEnvironment::find(std::uint8_t tag, std::uint8_t usage) const {
    for (const Crt& c : parsedCrts())
        if (c.tag == tag && c.usage == usage) return c;
    return std::nullopt;
}

std::size_t KeyPair::sizeBytes() const {
    if (key) return type == KeyType::Rsa ? (keyBits(key) + 7) / 8 : ecOrderBytes(key);
    return (bits + 7) / 8;
}

bool KeyPair::accepts(std::uint8_t algorithm) const {
    if (algorithms.empty()) {
        static constexpr std::uint8_t kPkcs1[] = {0x02, 0x12, 0x42, 0x1A, 0x0A};
        return type == KeyType::Rsa &&
               std::find(std::begin(kPkcs1), std::end(kPkcs1), algorithm) != std::end(kPkcs1);
    }
    return std::find(algorithms.begin(), algorithms.end(), algorithm) != algorithms.end();
}

std::string FileNode::path() const {
    char fidText[5];
    std::snprintf(fidText, sizeof fidText, "%04X", fid);
    return parent ? parent->path() + "/" + fidText : std::string(fidText);
}

FileNode* FileNode::child(std::uint16_t id) const {
    for (const auto& c : children)
        if (c->fid == id) return c.get();
    return nullptr;
}

FileNode& FileNode::addChild(std::unique_ptr<FileNode> node) {
    node->parent = this;
    children.push_back(std::move(node));
    return *children.back();
}

Bytes CardState::snIcc() const {
    Bytes sn(8, 0x00);
    const std::size_t n = std::min<std::size_t>(8, serial.size());
    std::copy(serial.end() - static_cast<std::ptrdiff_t>(n), serial.end(),
              sn.end() - static_cast<std::ptrdiff_t>(n));
    return sn;
}

}  // namespace ias::vcard
