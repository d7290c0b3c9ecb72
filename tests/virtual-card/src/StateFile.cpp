#include "vcard/StateFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <openssl/evp.h>

#include "vcard/ProfileLoader.h"
#include "vcard/VirtualCard.h"

namespace ias::vcard {
namespace {

constexpr std::string_view kChecksumPrefix = "checksum sha256=";

std::string sha256Hex(std::string_view text) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(text.data(), text.size(), md, &len, EVP_sha256(), nullptr) != 1)
        throw CardStateError("SHA-256 failed");
    return toHex(ByteView(md, len));
}

std::string hex(ByteView b) {
    return b.empty() ? std::string() : toHex(b);
}

// A PIN is written as text when that is unambiguous in the profile syntax, else as hex.
std::string pinField(const SecureBuffer& value) {
    bool text = !value.empty();
    for (std::uint8_t c : value.view()) text = text && c > 0x20 && c < 0x7F && c != '#' && c != '=';
    if (text) return "value=" + std::string(reinterpret_cast<const char*>(value.data()), value.size());
    return "valuehex=" + hex(value.view());
}

void writeSdos(std::ostream& out, const FileNode& df) {
    const std::string path = df.path();
    for (const Chv& c : df.chvs)
        out << "chv " << path << " ref=" << int(c.ref) << ' ' << pinField(c.value) << " min=" << c.minLength
            << " max=" << c.maxLength << " tries=" << c.tries << " left=" << c.left
            << " acl=" << hex(c.acl.bytes()) << '\n';
    for (const Keyset& k : df.keysets)
        out << "keyset " << path << " ref=" << int(k.ref) << " enc=" << hex(k.enc.view())
            << " mac=" << hex(k.mac.view()) << " acl=" << hex(k.acl.bytes()) << '\n';
    for (const KeyPair& k : df.keys) {
        out << (k.type == KeyType::Rsa ? "rsa " : "ec ") << path << " ref=" << int(k.ref);
        if (k.key)
            out << " der=" << hex(privateKeyDer(k.key).view());
        else
            out << " bits=" << k.bits << " exp=" << hex(k.publicExponent);
        // A half not created yet (PUT DATA builds the pair one half at a time) has no ACL; the file then
        // carries the other half's, which the loader ignores for the absent half (private=0 / public=0).
        const Acl& privateAcl = k.acl.bytes().empty() ? k.pubAcl : k.acl;
        const Acl& publicAcl = k.pubAcl.bytes().empty() ? k.acl : k.pubAcl;
        out << " acl=" << hex(privateAcl.bytes()) << " pubacl=" << hex(publicAcl.bytes());
        if (!k.algorithms.empty()) {
            out << " algs=";
            for (std::size_t i = 0; i < k.algorithms.size(); ++i)
                out << (i ? "," : "") << hex(ByteView(&k.algorithms[i], 1));
        }
        if (k.consent) out << " consent=1";
        if (!k.hasPrivate) out << " private=0";
        if (!k.hasPublic) out << " public=0";
        out << '\n';
    }
    for (const SecurityEnvironment& s : df.environments)
        out << "se " << path << " ref=" << int(s.ref) << " crt=" << hex(s.crts)
            << " acl=" << hex(s.acl.bytes()) << '\n';
}

void writeTree(std::ostream& out, const FileNode& node) {
    if (node.isDf) {
        out << "df " << node.path() << " acl=" << hex(node.acl.bytes());
        if (!node.aid.empty()) out << " aid=" << hex(node.aid);
        out << '\n';
        writeSdos(out, node);
    } else {
        out << "ef " << node.path() << " acl=" << hex(node.acl.bytes());
        if (node.sfi) out << " sfi=" << hex(ByteView(&*node.sfi, 1));
        out << " size=" << node.size << " data=" << hex(node.data) << '\n';
    }
    for (const auto& c : node.children) writeTree(out, *c);
}

void writeAll(int fd, std::string_view text, const std::string& name) {
    while (!text.empty()) {
        const ssize_t n = ::write(fd, text.data(), text.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw CardStateError("cannot write " + name + ": " + std::strerror(errno));
        text.remove_prefix(static_cast<std::size_t>(n));
    }
}

}  // namespace

std::string serializeState(const CardState& card) {
    std::ostringstream out;
    out << "# IAS-ECC virtual card state (docs/virtual-card.md). Do not edit: the checksum guards it.\n";
    out << "atr " << hex(card.atr) << '\n';
    if (!card.serial.empty()) out << "serial " << hex(card.serial) << '\n';
    writeTree(out, *card.mf);
    std::string body = out.str();
    return body + std::string(kChecksumPrefix) + sha256Hex(body) + '\n';
}

void saveState(const CardState& card, const std::filesystem::path& stateFile) {
    const std::string text = serializeState(card);
    const std::filesystem::path tmp = stateFile.string() + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw CardStateError("cannot create " + tmp.string() + ": " + std::strerror(errno));
    try {
        writeAll(fd, text, tmp.string());
        if (::fsync(fd) != 0) throw CardStateError("fsync " + tmp.string() + ": " + std::strerror(errno));
    } catch (...) {
        ::close(fd);
        ::unlink(tmp.c_str());
        throw;
    }
    ::close(fd);
    if (::rename(tmp.c_str(), stateFile.c_str()) != 0)
        throw CardStateError("cannot rename to " + stateFile.string() + ": " + std::strerror(errno));
    const std::filesystem::path dir = stateFile.has_parent_path() ? stateFile.parent_path() : ".";
    if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
        ::fsync(dfd);  // makes the rename durable
        ::close(dfd);
    }
}

CardState parseState(const std::string& text, const std::filesystem::path& baseDir,
                     const std::string& origin) {
    const auto pos = text.rfind(kChecksumPrefix);
    if (pos == std::string::npos || (pos != 0 && text[pos - 1] != '\n'))
        throw CardStateError("state file " + origin + " is damaged: no checksum line");
    std::string tail = text.substr(pos + kChecksumPrefix.size());
    if (!tail.empty() && tail.back() == '\n') tail.pop_back();
    const std::string body = text.substr(0, pos);
    if (tail != sha256Hex(body))
        throw CardStateError("state file " + origin +
                             " is damaged: checksum mismatch (refusing to reset the card)");
    return parseProfile(body, baseDir, origin);
}

CardState loadState(const std::filesystem::path& stateFile) {
    std::ifstream in(stateFile, std::ios::binary);
    if (!in) throw CardStateError("cannot read state file " + stateFile.string());
    std::stringstream ss;
    ss << in.rdbuf();
    return parseState(ss.str(), stateFile.parent_path(), stateFile.string());
}

}  // namespace ias::vcard
