// Public content kept between processes (docs/performance.md, "Persistent cache"). A kept record is used
// only when the card confirms it: its TokenInfo (where PKCS#15 writers put lastUpdate), the ODF and every
// directory file the record keeps (AODF, PrKDF, PuKDF, CDF …) are read again and must equal the record's
// bytes and FCPs: an IAS-ECC card has no change counter or content hash, so only the bytes prove that
// nothing a start shows has changed. The record then also gives the card's identity (EF.SN, EF.ATR:
// factory files that never change) and the certificates (their CDF entries name file and length).
#include "CacheFile.h"
#include "CardImpl.h"
#include "ias/apdu/Tlv.h"
#include "ias/api/EfDir.h"
#include "ias/api/Odf.h"

namespace ias::api {
namespace {

constexpr const char* kEfSn = "file:MF/D003";
constexpr const char* kEfAtr = "file:MF/2F01";
constexpr const char* kEfDir = "file:MF/2F00";

const Bytes* entry(const detail::CacheRecord& r, const std::string& name) {
    const auto it = r.find(name);
    return it == r.end() ? nullptr : &it->second;
}

// Where TokenInfo's head ends: version, serialNumber, manufacturerID, label and tokenflags (PKCS #15
// TokenInfo, in this order), the part a start shows. 0 when the bytes are not such a TokenInfo.
std::size_t tokenInfoHeadEnd(ByteView tokenInfo) {
    try {
        std::size_t offset = 0;
        const Tlv outer = parseTlv(tokenInfo, offset);  // file padding may follow
        if (outer.tag != 0x30) return 0;
        for (const Tlv& field : outer.children())
            if (field.tag == 0x03)
                return static_cast<std::size_t>(field.encoded.data() + field.encoded.size() -
                                                tokenInfo.data());
    } catch (const TlvError&) {
    }
    return 0;
}

}  // namespace

Card::Impl::Restore Card::Impl::restoreFromDisk() {
    freshlyRead.clear();
    const Bytes atr = transport.atr();
    const std::vector<detail::CacheRecord> records =
        detail::loadCacheRecords(options.persistentCacheDir, view(atr));
    if (records.empty()) return Restore::NoRecord;
    try {
        // Where the application is, from the most recent record (cards with one ATR share their layout).
        const detail::CacheRecord& layout = records.front();
        const Bytes* dir = entry(layout, kEfDir);
        if (!dir) return Restore::Changed;
        const std::vector<DirRecord> apps = parseEfDir(view(*dir));
        if (apps.empty()) return Restore::Changed;
        const std::string appName = "file:" + hexName(apps.front().aid);
        const Bytes* appFcp = entry(layout, appName + "#fcp");
        if (!appFcp) return Restore::Changed;
        const Bytes adf = detail::parseFcp(view(*appFcp)).fid;
        if (adf.size() != 2) return Restore::Changed;

        // TokenInfo by path from the MF: one SELECT whatever DF is current, one READ BINARY.
        Bytes path = adf;
        append(path, Bytes{0x50, 0x32});
        current = Df::Unknown;
        const ResponseApdu selected = transmit(CommandApdu(0x00, 0xA4, 0x08, 0x04, path, std::size_t{256}));
        if (!selected.ok()) return Restore::Changed;
        current = Df::App;
        const detail::Fcp tokenFcp = detail::parseFcp(view(selected.data()));
        const std::string tokenName = appName + "/5032";
        const Bytes tokenFcpKept = minimalFcp(tokenFcp);
        // A view (Card::Options::trustKeptContent) needs TokenInfo's head only (serial, label, flags: what a
        // start shows), and the confirmation reads the whole file anyway: one READ BINARY, as much as the
        // card gives at once, is enough when the kept record's head lies in it (345 bytes on the extended
        // test card, its head in the first 100).
        const Bytes tokenInfo = options.trustKeptContent && tokenFcp.size > 0
                                    ? readBinaryOnce(0, std::min(tokenFcp.size, readChunk()))
                                    : readObjectList(tokenFcp.size);
        const auto sameTokenInfo = [&](const Bytes& kept) {
            if (kept == tokenInfo) return true;
            // A head: the view's one READ BINARY, which must hold the kept record's head whole.
            if (!options.trustKeptContent || kept.size() <= tokenInfo.size()) return false;
            const std::size_t headEnd = tokenInfoHeadEnd(view(kept));
            return headEnd > 0 && headEnd <= tokenInfo.size() &&
                   std::equal(tokenInfo.begin(), tokenInfo.end(), kept.begin());
        };
        freshlyRead = {{tokenName, tokenInfo}, {tokenName + "#fcp", tokenFcpKept}};

        const detail::CacheRecord* match = nullptr;
        for (const detail::CacheRecord& r : records) {
            const Bytes* t = entry(r, tokenName);
            const Bytes* f = entry(r, tokenName + "#fcp");
            const Bytes* d = entry(r, kEfDir);
            const Bytes* a = entry(r, appName + "#fcp");
            if (t && f && d && a && sameTokenInfo(*t) && *f == tokenFcpKept && *d == *dir && *a == *appFcp &&
                entry(r, kEfSn) && entry(r, kEfAtr)) {
                match = &r;
                break;
            }
        }
        if (!match) return Restore::Changed;
        if (options.trustKeptContent) {
            // A view: the head of the card's TokenInfo (serial, label) is confirmed, the other files are
            // taken as kept, unconfirmed.
            setIdentity(*entry(*match, kEfSn), *entry(*match, kEfAtr));
            for (const auto& [name, content] : *match) options.cache->put(cardKey, name, content);
            freshlyRead.clear();
            return Restore::Restored;
        }

        // The ODF, then every directory file it names that the record keeps (AODF, PrKDF, PuKDF, CDF …),
        // relative to the application (now current): a change in any of them, by any writer, with or
        // without a PKCS#15 stamp, is seen. The record's ODF is used for the paths once it equals the card's.
        const auto confirm = [&](ByteView fid) {
            const std::string name = appName + "/" + hexName(fid);
            const detail::Fcp fcp = selectEf(fid);
            const Bytes content = readObjectList(fcp.size);
            const Bytes fcpKept = minimalFcp(fcp);
            freshlyRead.emplace_back(name, content);
            freshlyRead.emplace_back(name + "#fcp", fcpKept);
            const Bytes* c = entry(*match, name);
            const Bytes* f = entry(*match, name + "#fcp");
            return c && f && *c == content && *f == fcpKept;
        };
        const Bytes odfFid{0x50, 0x31};
        if (!confirm(view(odfFid))) return Restore::Changed;
        const Odf odf = parseOdf(view(*entry(*match, appName + "/5031")));
        if (odf.certificates.empty()) return Restore::Changed;
        for (const std::vector<Path>* kind :
             {&odf.authObjects, &odf.privateKeys, &odf.publicKeys, &odf.trustedPublicKeys, &odf.secretKeys,
              &odf.certificates, &odf.trustedCertificates, &odf.usefulCertificates, &odf.dataObjects}) {
            for (const Path& p : *kind) {
                if (p.value.size() != 2 || (!p.aid.empty() && p.aid != apps.front().aid))
                    return Restore::Changed;
                const bool kept = entry(*match, appName + "/" + hexName(p.value)) != nullptr;
                const bool certificates = kind == &odf.certificates;
                if (!kept && !certificates) continue;  // never read, so nothing of it can be stale
                if (!confirm(view(p.value))) return Restore::Changed;
            }
        }

        // Confirmed: the identity and every other entry come from the record.
        setIdentity(*entry(*match, kEfSn), *entry(*match, kEfAtr));
        for (const auto& [name, content] : *match) options.cache->put(cardKey, name, content);
        freshlyRead.clear();
        return Restore::Restored;
    } catch (const ApiError&) {
    } catch (const Pkcs15Error&) {
    } catch (const CardError&) {
    }
    identity.reset();
    return Restore::Changed;
}

void Card::Impl::storeToDisk() noexcept {
    dirty = false;
    // What an unconfirmed view read is not the card's word on the record: never kept.
    if (options.trustKeptContent) return;
    if (options.persistentCacheDir.empty() || !identity || cardKey.empty()) return;
    try {
        detail::CacheRecord record;
        for (auto& [name, content] : options.cache->entries(cardKey)) record[name] = std::move(content);
        if (!record.count(kEfSn) || !record.count(kEfAtr)) return;
        detail::storeCacheRecord(options.persistentCacheDir, view(identity->atr), record, kEfSn);
    } catch (...) {
    }
}

}  // namespace ias::api
