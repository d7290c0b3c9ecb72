// Public content kept between processes (docs/performance.md, "Persistent cache"). A kept record is used
// only when the card confirms it: its TokenInfo (where PKCS#15 writers put lastUpdate, OpenSC's pkcs15-init
// included) and its CDF (every certificate a browser start shows: iD, label, file, length) are read again,
// each with one SELECT and one READ BINARY, and must equal the record's bytes and FCPs. The record then
// also gives the card's identity (EF.SN, EF.ATR: factory files that never change), so a start with an
// earlier run costs four APDUs whatever DF the card has current.
#include "CacheFile.h"
#include "CardImpl.h"
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
        const Bytes tokenInfo = readObjectList(tokenFcp.size);
        const std::string tokenName = appName + "/5032";
        freshlyRead = {{tokenName, tokenInfo}, {tokenName + "#fcp", minimalFcp(tokenFcp)}};

        const detail::CacheRecord* match = nullptr;
        for (const detail::CacheRecord& r : records) {
            const Bytes* t = entry(r, tokenName);
            const Bytes* f = entry(r, tokenName + "#fcp");
            const Bytes* d = entry(r, kEfDir);
            const Bytes* a = entry(r, appName + "#fcp");
            if (t && f && d && a && *t == tokenInfo && *f == minimalFcp(tokenFcp) && *d == *dir &&
                *a == *appFcp && entry(r, kEfSn) && entry(r, kEfAtr)) {
                match = &r;
                break;
            }
        }
        if (!match) return Restore::Changed;

        // Every CDF the record's ODF names, relative to the application (now current).
        const Bytes* odfBytes = entry(*match, appName + "/5031");
        if (!odfBytes) return Restore::Changed;
        const Odf odf = parseOdf(view(*odfBytes));
        if (odf.certificates.empty()) return Restore::Changed;
        for (const Path& p : odf.certificates) {
            if (p.value.size() != 2 || (!p.aid.empty() && p.aid != apps.front().aid)) return Restore::Changed;
            const detail::Fcp fcp = selectEf(view(p.value));
            const Bytes content = readObjectList(fcp.size);
            const std::string name = appName + "/" + hexName(p.value);
            freshlyRead.emplace_back(name, content);
            freshlyRead.emplace_back(name + "#fcp", minimalFcp(fcp));
            const Bytes* c = entry(*match, name);
            const Bytes* f = entry(*match, name + "#fcp");
            if (!c || !f || *c != content || *f != minimalFcp(fcp)) return Restore::Changed;
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
