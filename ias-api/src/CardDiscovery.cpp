// Identification (EF.ATR, EF.SN) and discovery of the PKCS#15 application (EF.DIR → AID → ODF → TokenInfo,
// AODF, PrKDF, PuKDF, CDF), certificates and public keys, all through the content cache.
#include "CacheFile.h"
#include "CardImpl.h"
#include "ias/apdu/Tlv.h"
#include "ias/api/Aodf.h"
#include "ias/api/Cdf.h"
#include "ias/api/Certificate.h"
#include "ias/api/EfDir.h"
#include "ias/api/Odf.h"
#include "ias/api/Prkdf.h"
#include "ias/api/Pukdf.h"
#include "ias/api/TokenInfo.h"

namespace ias::api {
namespace {

constexpr std::uint8_t kSfiEfAtr = 0x1D;
constexpr std::uint8_t kSfiEfSn = 0x1C;

BufferSizes parseBufferSizes(ByteView e0) {
    // Four INTEGERs 02 02 HHLL: send, send under SM, receive, receive under SM (facts §2).
    std::vector<std::size_t> v;
    for (const Tlv& t : parseTlvList(e0)) {
        if (t.tag != 0x02 || t.value.empty() || t.value.size() > 3)
            throw ApiError(ApiErrorKind::CardContent, "EF.ATR E0: not a list of sizes");
        std::size_t n = 0;
        for (std::uint8_t b : t.value) n = (n << 8) | b;
        v.push_back(n);
    }
    if (v.size() < 4) throw ApiError(ApiErrorKind::CardContent, "EF.ATR E0: fewer than four sizes");
    for (std::size_t n : v)
        if (n < 16) throw ApiError(ApiErrorKind::CardContent, "EF.ATR E0: buffer size below 16");
    return BufferSizes{v[0], v[1], v[2], v[3]};
}

}  // namespace

void Card::Impl::setIdentity(const Bytes& sn, const Bytes& efAtr) {
    CardIdentity id;
    id.atr = transport.atr();
    try {
        std::size_t at = 0;
        const Tlv t = parseTlv(view(sn), at);
        if (t.tag != 0x5A || t.value.empty()) throw ApiError(ApiErrorKind::CardContent, "EF.SN has no 5A");
        id.serial.assign(t.value.begin(), t.value.end());
    } catch (const TlvError& e) {
        throw ApiError(ApiErrorKind::CardContent, std::string("EF.SN: ") + e.what());
    }
    id.efAtr = efAtr;
    try {
        // A TLV list, possibly followed by filling.
        std::size_t pos = 0;
        while (pos < efAtr.size() && efAtr[pos] != 0x00 && efAtr[pos] != 0xFF) {
            const Tlv t = parseTlv(view(efAtr), pos);
            if (t.tag == 0x46) id.preIssuing.assign(t.value.begin(), t.value.end());
            if (t.tag == 0xE0) id.buffers = parseBufferSizes(t.value);
        }
    } catch (const TlvError& e) {
        throw ApiError(ApiErrorKind::CardContent, std::string("EF.ATR: ") + e.what());
    }
    cardKey = toHex(view(id.atr)) + "/" + toHex(view(id.serial));
    identity = std::move(id);
}

void Card::Impl::loadIdentity() {
    if (identity) return;
    Restore restore = Restore::NoRecord;
    if (!options.persistentCacheDir.empty()) {
        restore = restoreFromDisk();
        if (restore == Restore::Restored) return;
    }
    // READ BINARY by SFI from wherever the card is; the MF only if the card wants it current.
    auto readSfi = [&](std::uint8_t sfi, const char* what) {
        CommandApdu read(0x00, 0xB0, static_cast<std::uint8_t>(0x80 | sfi), 0x00, ByteView{},
                         std::size_t{256});
        ResponseApdu r = transmit(read);
        if (r.sw() == sw::FileNotFound || r.sw() == sw::CommandNotAllowedNoEf) {
            selectMf();
            r = transmit(read);
        }
        r.check(what, true);
        return r.data();
    };
    const Bytes sn = readSfi(kSfiEfSn, "READ BINARY EF.SN");
    setIdentity(sn, {});  // the cache key; EF.ATR below
    if (restore == Restore::Changed) {
        // The card is not what this process or an earlier one read: nothing kept about it is used.
        options.cache->forgetCard(cardKey);
    }
    for (auto& [name, content] : freshlyRead) remember(name, content);
    freshlyRead.clear();
    remember("file:MF/D003", sn);
    std::optional<Bytes> efAtr = cached("file:MF/2F01");
    if (!efAtr) {
        efAtr = readSfi(kSfiEfAtr, "READ BINARY EF.ATR");
        remember("file:MF/2F01", *efAtr);
    }
    identity.reset();
    setIdentity(sn, *efAtr);
}

Bytes Card::Impl::minimalFcp(const detail::Fcp& fcp) {
    Bytes out;
    appendTlv(out, 0x80,
              Bytes{static_cast<std::uint8_t>(fcp.size >> 8), static_cast<std::uint8_t>(fcp.size)});
    if (fcp.rules) appendTlv(out, 0x8C, fcp.rules->bytes());
    return encodeTlv(0x62, out);
}

DirectoryFile Card::Impl::loadDirectoryFile(const Path& path) {
    DirectoryFile f;
    f.path = path;
    const std::string base = "file:" + hexName(app->aid) + "/" + hexName(path.value);
    auto content = cached(base);
    auto fcp = cached(base + "#fcp");
    if (content && fcp) {
        const detail::Fcp parsed = detail::parseFcp(view(*fcp));
        f.fileSize = parsed.size;
        if (parsed.rules) f.rules = *parsed.rules;
        f.content = std::move(*content);
        return f;
    }
    const detail::Fcp parsed = selectPath(path);
    f.fileSize = parsed.size;
    if (parsed.rules) f.rules = *parsed.rules;
    f.content = readObjectList(parsed.size);
    remember(base + "#fcp", minimalFcp(parsed));
    remember(base, f.content);
    return f;
}

void Card::Impl::loadApplication() {
    if (app) return;
    loadIdentity();
    // EF.DIR from the MF.
    std::optional<Bytes> dir = cached("file:MF/2F00");
    if (!dir) {
        current = Df::Unknown;
        const ResponseApdu r =
            transmit(CommandApdu(0x00, 0xA4, 0x08, 0x04, Bytes{0x2F, 0x00}, std::size_t{256}));
        if (r.sw() == sw::FileNotFound)
            throw ApiError(ApiErrorKind::NotFound, "no EF.DIR: no PKCS#15 application");
        r.check("SELECT EF.DIR");
        current = Df::Mf;
        dir = readObjectList(detail::parseFcp(view(r.data())).size);
        remember("file:MF/2F00", *dir);
    }
    const std::vector<DirRecord> records = parseEfDir(view(*dir));
    if (records.empty()) throw ApiError(ApiErrorKind::NotFound, "EF.DIR lists no application");
    Application a;
    a.aid = records.front().aid;
    a.label = records.front().label;
    app = std::move(a);
    appFid = applicationFcp().fid;

    const DirectoryFile odfFile = loadDirectoryFile(Path{{0x50, 0x31}, {}, {}, {}});
    const Odf odf = parseOdf(view(odfFile.content));
    const DirectoryFile tokenFile = loadDirectoryFile(Path{{0x50, 0x32}, {}, {}, {}});
    app->tokenInfo = parseTokenInfo(view(tokenFile.content));

    pinObjects.clear(), privateKeys.clear(), publicKeys.clear(), certificateObjects.clear();
    aodf.reset(), prkdf.reset(), pukdf.reset(), cdf.reset();
    for (const Path& p : odf.authObjects) {
        DirectoryFile f = loadDirectoryFile(p);
        for (PinObject& o : parseAodf(view(f.content))) pinObjects.push_back(std::move(o));
        if (!aodf) aodf = std::move(f);
    }
    for (const Path& p : odf.privateKeys) {
        DirectoryFile f = loadDirectoryFile(p);
        for (PrivateKeyObject& o : parsePrkdf(view(f.content))) privateKeys.push_back(std::move(o));
        if (!prkdf) prkdf = std::move(f);
    }
    for (const Path& p : odf.publicKeys) {
        DirectoryFile f = loadDirectoryFile(p);
        for (PublicKeyObject& o : parsePukdf(view(f.content))) publicKeys.push_back(std::move(o));
        if (!pukdf) pukdf = std::move(f);
    }
    for (const Path& p : odf.certificates) {
        DirectoryFile f = loadDirectoryFile(p);
        for (CertificateObject& o : parseCdf(view(f.content))) certificateObjects.push_back(std::move(o));
        if (!cdf) cdf = std::move(f);
    }
    buildModel();
}

const CardIdentity& Card::identity() {
    if (!impl_->identity) impl_->run(Impl::Kind::PublicRead, [&] { impl_->loadIdentity(); });
    return *impl_->identity;
}

const Application& Card::application() {
    if (!impl_->app) {
        impl_->run(Impl::Kind::PublicRead, [&] {
            try {
                impl_->loadApplication();
            } catch (...) {
                impl_->app.reset();
                throw;
            }
        });
    }
    return *impl_->app;
}

Bytes Card::certificate(ByteView certificateId) {
    application();
    const CertificateInfo* info = impl_->app->findCertificate(certificateId);
    if (!info) throw ApiError(ApiErrorKind::NotFound, "no certificate with iD " + toHex(certificateId));
    for (const CertificateObject& o : impl_->certificateObjects)
        if (o.id == info->id && !o.directValue.empty()) return o.directValue;
    const Path path = info->path;
    const std::string name = "cert:" + hexName(impl_->app->aid) + "/" + hexName(path.value) + "@" +
                             std::to_string(path.index.value_or(0));
    if (auto c = impl_->cached(name)) return *c;
    Bytes der;
    impl_->run(Impl::Kind::PublicRead, [&] {
        const detail::Fcp fcp = impl_->selectPath(path);
        const std::size_t offset = path.index.value_or(0);
        if (offset >= fcp.size) throw ApiError(ApiErrorKind::CardContent, "certificate offset past its file");
        std::size_t limit = fcp.size - offset;
        if (path.length) limit = std::min<std::size_t>(limit, *path.length);
        der = impl_->readDerObject(offset, limit);
    });
    parseCertificate(view(der));  // what is cached must be a certificate (throws Pkcs15Error)
    impl_->remember(name, der);
    if (impl_->dirty) impl_->storeToDisk();
    return der;
}

PublicKey Card::publicKey(ByteView keyId) {
    application();
    const KeyInfo& k = impl_->key(keyId);
    if (k.type == KeyType::Rsa) {
        std::optional<detail::SdoAnswer> a;
        impl_->run(Impl::Kind::PublicRead,
                   [&] { a = impl_->sdo(Impl::Df::App, detail::sdo::kPublicKey, k.keyReference, 0x7F49); });
        if (a && a->templates.count(0x7F49)) {
            PublicKey out;
            try {
                const auto items = parseTlvList(view(a->templates.at(0x7F49)));
                const auto n = findTlv(items, 0x81);
                const auto e = findTlv(items, 0x82);
                if (n && e && !n->value.empty()) {
                    out.modulus.assign(n->value.begin(), n->value.end());
                    out.exponent.assign(e->value.begin(), e->value.end());
                    while (out.modulus.size() > 1 && out.modulus[0] == 0)
                        out.modulus.erase(out.modulus.begin());
                    return out;
                }
            } catch (const TlvError& e) {
                throw ApiError(ApiErrorKind::CardContent, std::string("public key 7F49: ") + e.what());
            }
        }
    }
    if (!k.hasCertificate) throw ApiError(ApiErrorKind::NotFound, "no public key for key " + toHex(keyId));
    const CertificateEssentials c = parseCertificate(view(certificate(keyId)));
    PublicKey out;
    out.type = c.keyType.value_or(k.type);
    out.modulus = c.rsaModulus;
    out.exponent = c.rsaPublicExponent;
    out.ecPoint = c.ecPoint;
    out.ecParameters = c.ecParameters;
    return out;
}

void Card::forgetCachedContent() {
    const std::optional<Bytes> sn = impl_->cardKey.empty() ? std::nullopt : impl_->cached("file:MF/D003");
    if (!impl_->cardKey.empty()) impl_->options.cache->forgetCard(impl_->cardKey);
    if (sn && impl_->identity && !impl_->options.persistentCacheDir.empty())
        detail::eraseCacheRecord(impl_->options.persistentCacheDir, view(impl_->identity->atr),
                                 "file:MF/D003", view(*sn));
    impl_->app.reset();
}

}  // namespace ias::api
