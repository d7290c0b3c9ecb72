#include "vcard/ProfileLoader.h"

#include <fstream>
#include <map>
#include <sstream>

#include "vcard/VirtualCard.h"

namespace ias::vcard {
namespace {

using Fields = std::map<std::string, std::string>;

class LineError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::string required(const Fields& f, const std::string& key) {
    auto it = f.find(key);
    if (it == f.end()) throw LineError("missing " + key + "=");
    return it->second;
}

std::optional<std::string> optionalField(const Fields& f, const std::string& key) {
    auto it = f.find(key);
    return it == f.end() ? std::nullopt : std::optional<std::string>(it->second);
}

unsigned long number(const std::string& text, const std::string& key, unsigned long max) {
    std::size_t used = 0;
    unsigned long v = 0;
    try {
        v = std::stoul(text, &used, 10);
    } catch (const std::exception&) {
        throw LineError(key + "= is not a number");
    }
    if (used != text.size() || v > max) throw LineError(key + "= out of range");
    return v;
}

Bytes hexField(const std::string& text, const std::string& key) {
    try {
        return fromHex(text);
    } catch (const std::exception&) {
        throw LineError(key + "= is not hex");
    }
}

std::uint8_t refField(const Fields& f) {
    const auto ref = number(required(f, "ref"), "ref", 31);
    if (ref == 0) throw LineError("ref= must be 1..31");
    return static_cast<std::uint8_t>(ref);
}

Acl aclField(const Fields& f, const std::string& key = "acl") {
    try {
        return Acl::parse(hexField(required(f, key), key));
    } catch (const std::invalid_argument& e) {
        throw LineError(key + "=: " + e.what());
    }
}

std::vector<std::uint16_t> parsePath(const std::string& path) {
    std::vector<std::uint16_t> fids;
    std::stringstream ss(path);
    std::string part;
    while (std::getline(ss, part, '/')) {
        const Bytes b = hexField(part, "path");
        if (b.size() != 2) throw LineError("path elements are 4 hex digits: " + path);
        fids.push_back(static_cast<std::uint16_t>((b[0] << 8) | b[1]));
    }
    if (fids.empty() || fids.front() != 0x3F00) throw LineError("paths start at 3F00: " + path);
    return fids;
}

FileNode& existingDf(CardState& card, const std::string& path) {
    const auto fids = parsePath(path);
    if (!card.mf) throw LineError("the MF (df 3F00) must come first");
    FileNode* node = card.mf.get();
    for (std::size_t i = 1; i < fids.size() && node; ++i) node = node->child(fids[i]);
    if (!node || !node->isDf) throw LineError("no DF " + path);
    return *node;
}

std::unique_ptr<FileNode> newFile(CardState& card, const std::string& path, bool isDf, FileNode*& parent) {
    const auto fids = parsePath(path);
    auto node = std::make_unique<FileNode>();
    node->fid = fids.back();
    node->isDf = isDf;
    parent = nullptr;
    if (fids.size() == 1) {
        if (!isDf) throw LineError("3F00 is the MF");
        if (card.mf) throw LineError("MF defined twice");
        return node;
    }
    std::string parentPath = path.substr(0, path.rfind('/'));
    parent = &existingDf(card, parentPath);
    if (parent->child(node->fid)) throw LineError("file defined twice: " + path);
    return node;
}

Bytes readFileBytes(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw LineError("cannot read " + p.string());
    return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void addFile(CardState& card, const Fields& f, const std::string& path, bool isDf,
             const std::filesystem::path& base) {
    FileNode* parent = nullptr;
    auto node = newFile(card, path, isDf, parent);
    node->acl = aclField(f);
    if (isDf) {
        if (auto aid = optionalField(f, "aid")) node->aid = hexField(*aid, "aid");
    } else {
        if (auto sfi = optionalField(f, "sfi")) {
            const Bytes b = hexField(*sfi, "sfi");
            if (b.size() != 1 || b[0] == 0 || b[0] > 0x1E) throw LineError("sfi= is one byte 01..1E");
            node->sfi = b[0];
        }
        if (auto data = optionalField(f, "data"))
            node->data = hexField(*data, "data");
        else if (auto file = optionalField(f, "file"))
            node->data = readFileBytes(base / *file);
        else
            throw LineError("ef needs data= or file=");
        node->size = node->data.size();
        if (auto size = optionalField(f, "size")) node->size = number(*size, "size", 0x7FFF);
        if (node->size < node->data.size()) throw LineError("size= is smaller than the content");
    }
    if (parent)
        parent->addChild(std::move(node));
    else
        card.mf = std::move(node);
}

void addChv(FileNode& df, const Fields& f) {
    Chv chv;
    chv.ref = refField(f);
    if (auto hex = optionalField(f, "valuehex"))
        chv.value = SecureBuffer::copyOf(hexField(*hex, "valuehex"));
    else
        chv.value = SecureBuffer::copyOf(std::string_view(required(f, "value")));
    chv.minLength = number(required(f, "min"), "min", 64);
    chv.maxLength = number(required(f, "max"), "max", 64);
    chv.tries = static_cast<int>(number(required(f, "tries"), "tries", 15));
    chv.left = chv.tries;
    if (auto left = optionalField(f, "left")) chv.left = static_cast<int>(number(*left, "left", 15));
    if (chv.tries == 0 || chv.left > chv.tries || chv.minLength == 0 || chv.minLength > chv.maxLength)
        throw LineError("inconsistent chv limits");
    if (chv.value.size() < chv.minLength || chv.value.size() > chv.maxLength)
        throw LineError("chv value= breaks its own min/max");
    chv.acl = aclField(f);
    for (const Chv& other : df.chvs)
        if (other.ref == chv.ref) throw LineError("chv ref defined twice");
    df.chvs.push_back(std::move(chv));
}

void addKey(FileNode& df, const Fields& f, KeyType type, const std::filesystem::path& base) {
    KeyPair key;
    key.type = type;
    key.ref = refField(f);
    key.acl = aclField(f);
    key.pubAcl = f.contains("pubacl") ? aclField(f, "pubacl") : key.acl;
    if (auto algs = optionalField(f, "algs")) {
        std::stringstream ss(*algs);
        std::string item;
        while (std::getline(ss, item, ',')) {
            const Bytes b = hexField(item, "algs");
            key.algorithms.insert(key.algorithms.end(), b.begin(), b.end());
        }
    } else if (type == KeyType::Ec) {
        key.algorithms = {0x70};
    }
    key.consent = optionalField(f, "consent").value_or("0") == "1";
    key.hasPrivate = optionalField(f, "private").value_or("1") == "1";
    key.hasPublic = optionalField(f, "public").value_or("1") == "1";
    if (auto exp = optionalField(f, "exp")) key.publicExponent = hexField(*exp, "exp");
    try {
        if (auto pem = optionalField(f, "key"))
            key.key = loadPrivateKeyPem((base / *pem).string());
        else if (auto der = optionalField(f, "der"))
            key.key = loadPrivateKeyDer(hexField(*der, "der"));
        else
            key.bits = number(required(f, "bits"), "bits", 4096);
    } catch (const KeyError& e) {
        throw LineError(e.what());
    }
    if (key.key && isRsa(key.key) != (type == KeyType::Rsa))
        throw LineError("key type does not match the line");
    if (key.key && type == KeyType::Ec && keyBits(key.key) != 256) throw LineError("ec keys are P-256");
    for (const KeyPair& other : df.keys)
        if (other.ref == key.ref) throw LineError("key ref defined twice");
    df.keys.push_back(std::move(key));
}

void addKeyset(FileNode& df, const Fields& f) {
    Keyset ks;
    ks.ref = refField(f);
    ks.enc = SecureBuffer::copyOf(hexField(required(f, "enc"), "enc"));
    ks.mac = SecureBuffer::copyOf(hexField(required(f, "mac"), "mac"));
    if (ks.enc.size() != 16 || ks.mac.size() != 16) throw LineError("keyset keys are 16 bytes");
    ks.acl = aclField(f);
    df.keysets.push_back(std::move(ks));
}

void addEnvironment(FileNode& df, const Fields& f) {
    SecurityEnvironment se;
    se.ref = refField(f);
    if (se.ref > 15) throw LineError("se ref= must be 1..15");
    se.crts = hexField(required(f, "crt"), "crt");
    se.acl = aclField(f);
    try {
        (void)se.parsedCrts();
    } catch (const std::exception&) {
        throw LineError("crt= is not a list of CRTs");
    }
    df.environments.push_back(std::move(se));
}

void parseLine(CardState& card, const std::vector<std::string>& tokens, const std::filesystem::path& base) {
    const std::string& kind = tokens[0];
    if (tokens.size() < 2) throw LineError(kind + " needs an argument");
    if (kind == "atr" || kind == "serial") {
        (kind == "atr" ? card.atr : card.serial) = hexField(tokens[1], kind);
        return;
    }
    if (kind == "checksum") throw LineError("checksum line in a profile");
    Fields f;
    for (std::size_t i = 2; i < tokens.size(); ++i) {
        const auto eq = tokens[i].find('=');
        if (eq == std::string::npos || eq == 0) throw LineError("expected key=value: " + tokens[i]);
        if (!f.emplace(tokens[i].substr(0, eq), tokens[i].substr(eq + 1)).second)
            throw LineError("key given twice: " + tokens[i]);
    }
    if (kind == "df" || kind == "ef") return addFile(card, f, tokens[1], kind == "df", base);
    FileNode& df = existingDf(card, tokens[1]);
    if (kind == "chv") return addChv(df, f);
    if (kind == "rsa") return addKey(df, f, KeyType::Rsa, base);
    if (kind == "ec") return addKey(df, f, KeyType::Ec, base);
    if (kind == "keyset") return addKeyset(df, f);
    if (kind == "se") return addEnvironment(df, f);
    throw LineError("unknown statement " + kind);
}

}  // namespace

CardState parseProfile(const std::string& text, const std::filesystem::path& baseDir,
                       const std::string& origin) {
    CardState card;
    std::stringstream lines(text);
    std::string line;
    int lineNo = 0;
    while (std::getline(lines, line)) {
        ++lineNo;
        if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        std::stringstream words(line);
        std::vector<std::string> tokens;
        for (std::string w; words >> w;) tokens.push_back(w);
        if (tokens.empty()) continue;
        try {
            parseLine(card, tokens, baseDir);
        } catch (const LineError& e) {
            throw CardStateError(origin + ":" + std::to_string(lineNo) + ": " + e.what());
        }
    }
    if (card.atr.empty()) throw CardStateError(origin + ": no atr line");
    if (!card.mf) throw CardStateError(origin + ": no MF (df 3F00)");
    return card;
}

CardState loadProfile(const std::filesystem::path& profile) {
    std::ifstream in(profile, std::ios::binary);
    if (!in) throw CardStateError("cannot read profile " + profile.string());
    std::stringstream ss;
    ss << in.rdbuf();
    return parseProfile(ss.str(), profile.parent_path(), profile.string());
}

}  // namespace ias::vcard
