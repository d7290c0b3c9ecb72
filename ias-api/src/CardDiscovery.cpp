// Identification (EF.ATR, EF.SN) and discovery of the PKCS#15 application (EF.DIR → AID → ODF → TokenInfo,
// AODF, PrKDF, PuKDF, CDF), certificates and public keys, all through the content cache.
#include "CacheFile.h"
#include "CardImpl.h"
#include "EfAtr.h"
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

}  // namespace

void Card::Impl::setIdentity(const Bytes& sn, const Bytes& efAtr) {
    CardIdentity id;
    id.atr = transport.atr();
    id.serial = detail::parseEfSn(view(sn));
    id.efAtr = efAtr;
    detail::EfAtrContent content = detail::parseEfAtr(view(efAtr));
    id.preIssuing = std::move(content.preIssuing);
    id.buffers = content.buffers;
    cardKey = toHex(view(id.atr)) + "/" + toHex(view(id.serial));
    identity = std::move(id);
}

void Card::Impl::loadIdentity() {
    if (identity) return;
    Restore restore = Restore::NoRecord;
    if (!options.persistentCacheDir.empty()) {
        restore = restoreFromDisk();
        if (restore == Restore::Restored) return;
        // A view of kept content reads nothing else (Options::trustKeptContent).
        if (options.trustKeptContent) throw ApiError(ApiErrorKind::NotFound, "no content kept for this card");
    }
    const Bytes sn = readBySfi(kSfiEfSn, "READ BINARY EF.SN");
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
        efAtr = readBySfi(kSfiEfAtr, "READ BINARY EF.ATR");
        remember("file:MF/2F01", *efAtr);
    }
    identity.reset();
    setIdentity(sn, *efAtr);
}

Bytes Card::Impl::readBySfi(std::uint8_t sfi, const char* what) {
    CommandApdu read(0x00, 0xB0, static_cast<std::uint8_t>(0x80 | sfi), 0x00, ByteView{}, std::size_t{256});
    ResponseApdu r = transmit(read);
    if (r.sw() == sw::FileNotFound || r.sw() == sw::CommandNotAllowedNoEf) {
        selectMf();
        r = transmit(read);
    }
    r.check(what, true);
    return r.data();
}

void Card::Impl::forgetAfterFailedRead() {
    // What was read on the way may be what broke (an answer cut short, a file the card says is empty): kept,
    // it would fail every later read in this process, or show a card with less on it than it holds. The
    // next read asks the card again.
    if (!cardKey.empty()) options.cache->forgetCard(cardKey);
    freshlyRead.clear();
}

Bytes Card::Impl::minimalFcp(const detail::Fcp& fcp) {
    return detail::encodeMinimalFcp(fcp);
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
    if (!impl_->identity)
        impl_->run(Impl::Kind::PublicRead, [&] {
            try {
                impl_->loadIdentity();
            } catch (...) {
                impl_->forgetAfterFailedRead();
                throw;
            }
        });
    return *impl_->identity;
}

const Application& Card::application() {
    if (!impl_->app) {
        impl_->run(Impl::Kind::PublicRead, [&] {
            try {
                impl_->loadApplication();
            } catch (...) {
                impl_->app.reset();
                impl_->forgetAfterFailedRead();
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
            if (auto values = detail::parseRsaPublicKey(view(a->templates.at(0x7F49)))) {
                PublicKey out;
                out.modulus = std::move(values->modulus);
                out.exponent = std::move(values->exponent);
                return out;
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
