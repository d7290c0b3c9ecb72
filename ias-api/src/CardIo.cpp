// Card I/O of the card layer: transactions with reset recovery, selection, transmission under SM when
// open, READ BINARY sized by EF.ATR and by ASN.1 lengths, GET DATA through the content cache.
#include <algorithm>

#include "CardImpl.h"
#include "ias/apdu/Tlv.h"

namespace ias::api {

std::string hexName(ByteView bytes) {
    return toHex(bytes);
}

Card::Impl::Impl(Transport& t, Options o) : transport(t), options(std::move(o)) {
    if (!options.cache) options.cache = std::make_shared<ContentCache>();
}

void Card::Impl::run(Kind kind, const std::function<void()>& body) {
    for (int attempt = 0;; ++attempt) {
        try {
            Transaction transaction(transport);
            // Another application may have selected anything meanwhile, unless a Hold kept it out.
            if (holds == 0) current = Df::Unknown;
            struct SmGuard {
                Impl& impl;
                ~SmGuard() { impl.closeSm(); }
            } guard{*this};
            body();
            if (dirty) storeToDisk();
            return;
        } catch (const CardResetError&) {
            // Another application reset the card: reconnect and re-select; what was verified is gone.
            closeSm();
            current = Df::Unknown;
            transport.reconnect(false);
            {
                Transaction transaction(transport);
                selectMf();
                if (app) selectApp();
            }
            if (kind == Kind::PublicRead && attempt == 0) continue;
            throw ApiError(ApiErrorKind::SecurityStateLost,
                           "the card was reset by another application: PIN verifications were lost and the "
                           "operation was not done");
        }
    }
}

Card::Hold::Hold(Card& card) : impl_(*card.impl_) {
    impl_.transport.beginTransaction();
    impl_.current = Impl::Df::Unknown;
    ++impl_.holds;
}

Card::Hold::~Hold() {
    --impl_.holds;
    impl_.transport.endTransaction();
}

ResponseApdu Card::Impl::transmit(const CommandApdu& command) {
    if (sm) {
        ResponseApdu r = sm->transmit(command);
        return r;
    }
    return transport.transmit(command);
}

ResponseApdu Card::Impl::transmitChecked(const CommandApdu& command, const std::string& what) {
    ResponseApdu r = transmit(command);
    r.check(what);
    return r;
}

void Card::Impl::closeSm() noexcept {
    if (sm) sm->close();
    sm.reset();
}

void Card::Impl::selectMf() {
    if (current == Df::Mf) return;
    current = Df::Unknown;
    transmitChecked(CommandApdu(0x00, 0xA4, 0x00, 0x0C, Bytes{0x3F, 0x00}), "SELECT MF");
    current = Df::Mf;
}

detail::Fcp Card::Impl::applicationFcp() {
    const std::string name = "file:" + hexName(app->aid) + "#fcp";
    if (auto c = cached(name)) return detail::parseFcp(view(*c));
    current = Df::Unknown;
    const ResponseApdu r = transmitChecked(CommandApdu(0x00, 0xA4, 0x04, 0x04, app->aid, std::size_t{256}),
                                           "SELECT application");
    current = Df::App;
    const detail::Fcp fcp = detail::parseFcp(view(r.data()));
    remember(name, r.data());
    return fcp;
}

void Card::Impl::selectApp() {
    if (current == Df::App) return;
    if (!app) throw ApiError(ApiErrorKind::NotFound, "no PKCS#15 application known yet");
    current = Df::Unknown;
    transmitChecked(CommandApdu(0x00, 0xA4, 0x04, 0x0C, app->aid), "SELECT application");
    current = Df::App;
}

detail::Fcp Card::Impl::selectEf(ByteView fid) {
    const ResponseApdu r =
        transmitChecked(CommandApdu(0x00, 0xA4, 0x02, 0x04, fid, std::size_t{256}), "SELECT " + toHex(fid));
    return detail::parseFcp(view(r.data()));
}

detail::Fcp Card::Impl::selectPath(const Path& path) {
    ByteView fids = view(path.value);
    if (fids.size() >= 2 && fids[0] == 0x3F && fids[1] == 0x00) {
        // From the MF (P1 08), whatever the current DF.
        fids = fids.subspan(2);
        if (fids.empty()) {
            selectMf();
            return {};
        }
        current = Df::Unknown;
        const ResponseApdu r = transmitChecked(CommandApdu(0x00, 0xA4, 0x08, 0x04, fids, std::size_t{256}),
                                               "SELECT " + toHex(path.value));
        if (fids.size() == 2 && r.data().size() > 0) current = Df::Mf;
        return detail::parseFcp(view(r.data()));
    }
    if (!path.aid.empty() && app && path.aid != app->aid)
        throw ApiError(ApiErrorKind::NotSupported, "path into another application " + toHex(path.aid));
    if (current != Df::App && appFid.size() == 2 && !fids.empty()) {
        // One SELECT by path from the MF instead of SELECT AID + SELECT EF.
        Bytes full = appFid;
        append(full, fids);
        const ResponseApdu r = transmit(CommandApdu(0x00, 0xA4, 0x08, 0x04, full, std::size_t{256}));
        if (r.ok()) {
            current = fids.size() == 2 ? Df::App : Df::Unknown;
            return detail::parseFcp(view(r.data()));
        }
        if (r.sw() != sw::FileNotFound && r.sw() != sw::IncorrectP1P2 && r.sw() != sw::FunctionNotSupported)
            r.check("SELECT " + toHex(full));
        appFid.clear();  // the application is not a child of the MF: by AID from now on
    }
    selectApp();
    if (fids.empty()) return {};
    if (fids.size() == 2) return selectEf(fids);
    current = Df::Unknown;  // a path from the application may end in a sub-DF
    const ResponseApdu r = transmitChecked(CommandApdu(0x00, 0xA4, 0x09, 0x04, fids, std::size_t{256}),
                                           "SELECT " + toHex(path.value));
    return detail::parseFcp(view(r.data()));
}

void Card::Impl::openSm(detail::Scb rule, Df df) {
    closeSm();
    const std::uint8_t seRef = rule.environment();
    std::vector<detail::Crt> se = environment(df, seRef);
    Df keysetDf = df;
    const detail::Crt* crt = detail::findCrt(se, 0xA4, 0xC0);
    if (!crt && df == Df::App) {  // the rule's SE is looked up from the object's DF up to the MF
        se = environment(Df::Mf, seRef);
        crt = detail::findCrt(se, 0xA4, 0xC0);
        keysetDf = Df::Mf;
    }
    if (!crt || !crt->algorithm || crt->references.empty())
        throw ApiError(ApiErrorKind::CardContent, "security environment " + std::to_string(seRef) + " of " +
                                                      dfName(df) + " names no secure-messaging keyset");
    const std::uint8_t keysetRef = crt->references.front();
    const std::uint8_t algorithm = *crt->algorithm;
    if (algorithm != 0x0C && algorithm != 0x8C)
        throw ApiError(ApiErrorKind::NotSupported, "secure-messaging algorithm " + toHex(Bytes{algorithm}));
    // A keyset reference with 80 is local to the DF of the SE; without, it is the MF's.
    const std::string scope = (keysetRef & 0x80) && keysetDf == Df::App ? hexName(app->aid) : "mf";
    const std::uint8_t number = keysetRef & 0x7F;
    const SmKeyStore& store = smKeys();
    const sm::Keyset* keys = store.keyset(scope, number);
    if (!keys) {
        char name[8];
        std::snprintf(name, sizeof name, "%02X", number);
        throw ApiError(ApiErrorKind::SmKeysMissing,
                       "the card demands secure messaging with keyset " + std::string(name) + " of " +
                           (scope == "mf" ? std::string("the MF") : "application " + scope) +
                           " (security environment " + std::to_string(seRef) + "), but " + store.origin() +
                           " has no sm.keyset." + scope + "." + name + ".enc/.mac");
    }
    selectDf(keysetDf);
    sm.emplace(sm::SmSession::open(
        transport, *keys, view(store.ifdSerial()), view(sm::snIccFromSerial(view(identity->serial))),
        algorithm == 0x0C ? sm::KdfHash::Sha1 : sm::KdfHash::Sha256, keysetRef, algorithm));
    // Plain data per wrapped command: what the card takes under SM (EF.ATR), at most OpenSC's 0xE0.
    const std::size_t limit = identity->buffers.sendSm;
    if (limit >= 16 && limit < sm->maxPlainChunk()) sm->setMaxPlainChunk(limit - (limit % 8) - 8);
}

const SmKeyStore& Card::Impl::smKeys() {
    if (options.smKeys) return *options.smKeys;
    if (!loadedKeys) loadedKeys = std::make_shared<const SmKeyStore>(SmKeyStore::load());
    return *loadedKeys;
}

std::size_t Card::Impl::readChunk() const {
    std::size_t chunk = identity ? identity->buffers.receive : 256;
    if (chunk > 256 && !transport.supportsExtendedLength()) chunk = 256;
    return std::clamp<std::size_t>(chunk, 1, 65536);
}

Bytes Card::Impl::readBinaryOnce(std::size_t at, std::size_t want) {
    if (at > 0x7FFF) throw ApiError(ApiErrorKind::NotSupported, "READ BINARY beyond offset 7FFF");
    const ResponseApdu r = transmit(CommandApdu(0x00, 0xB0, static_cast<std::uint8_t>(at >> 8),
                                                static_cast<std::uint8_t>(at), ByteView{}, want));
    r.check("READ BINARY", true);
    // Inside the file the card must answer data; none with a plain 9000 is a broken answer, not an end of
    // file (that comes with 6282, or fewer bytes than asked).
    if (r.data().empty() && r.sw() == sw::Ok)
        throw ApiError(ApiErrorKind::CardContent, "READ BINARY: no data at offset " + std::to_string(at) +
                                                      " and no end-of-file warning");
    if (r.data().size() > want) throw ApiError(ApiErrorKind::CardContent, "READ BINARY: more than asked");
    return r.data();
}

Bytes Card::Impl::readBinary(std::size_t offset, std::size_t length, bool exact) {
    Bytes out;
    const std::size_t chunk = readChunk();
    while (out.size() < length) {
        const std::size_t want = std::min(chunk, length - out.size());
        const Bytes more = readBinaryOnce(offset + out.size(), want);
        if (more.empty()) break;
        append(out, view(more));
        if (more.size() < want) break;  // end of file
    }
    if (exact && out.size() != length)
        throw ApiError(ApiErrorKind::CardContent, "file shorter than its content says");
    return out;
}

namespace {
// The end of the objects in `data`: the offset of the filling (00/FF) or of an incomplete object, and
// whether more bytes are needed to know.
struct Scan {
    std::size_t end = 0;
    bool complete = false;  // filling found
    std::size_t need = 0;   // bytes needed to finish the object at `end` (0 = unknown)
};

Scan scanObjects(ByteView data) {
    Scan s;
    std::size_t pos = 0;
    while (pos < data.size()) {
        if (data[pos] == 0x00 || data[pos] == 0xFF) {
            s.end = pos, s.complete = true;
            return s;
        }
        std::size_t at = pos;
        try {
            parseTlv(data, at, TlvMode::Ber);
            pos = at;
        } catch (const TlvError&) {
            // Incomplete: if the header is whole, say how far the object goes.
            std::size_t h = pos + 1;
            if ((data[pos] & 0x1F) == 0x1F)
                while (h < data.size() && (data[h++] & 0x80)) {
                }
            if (h < data.size()) {
                std::size_t len = data[h];
                std::size_t hl = 1;
                if (len & 0x80) {
                    const std::size_t k = len & 0x7F;
                    if (k == 0 || k > 4) throw;
                    if (h + k < data.size()) {
                        len = 0;
                        for (std::size_t i = 1; i <= k; ++i) len = (len << 8) | data[h + i];
                        hl = 1 + k;
                        s.need = h + hl + len;
                    }
                } else {
                    s.need = h + hl + len;
                }
            }
            s.end = pos;
            return s;
        }
    }
    s.end = pos;
    return s;
}
}  // namespace

Bytes Card::Impl::readObjectList(std::size_t fileSize) {
    Bytes data;
    const std::size_t chunk = readChunk();
    for (;;) {
        const Scan s = scanObjects(view(data));
        if (s.complete) {
            data.resize(s.end);
            return data;
        }
        if (data.size() >= fileSize) {
            if (s.end != data.size())
                throw ApiError(ApiErrorKind::CardContent, "object cut by the end of file");
            return data;
        }
        // Whole chunks: more objects probably follow; at least up to the end of the object begun.
        std::size_t want = std::min(chunk, fileSize - data.size());
        if (s.need > data.size())
            want = std::min(fileSize - data.size(), std::max(want, s.need - data.size()));
        const Bytes more = readBinary(data.size(), want, false);
        if (more.empty()) {
            if (s.end != data.size())
                throw ApiError(ApiErrorKind::CardContent, "object cut by the end of file");
            return data;
        }
        append(data, view(more));
    }
}

Bytes Card::Impl::readDerObject(std::size_t offset, std::size_t limit) {
    Bytes data = readBinary(offset, std::min(readChunk(), limit), false);
    // The outer TLV header names the length: read exactly the rest.
    if (data.size() < 2) throw ApiError(ApiErrorKind::CardContent, "certificate file too short");
    std::size_t len = data[1], header = 2;
    if (len & 0x80) {
        const std::size_t k = len & 0x7F;
        if (k == 0 || k > 3 || data.size() < 2 + k)
            throw ApiError(ApiErrorKind::CardContent, "certificate: bad outer length");
        len = 0;
        for (std::size_t i = 0; i < k; ++i) len = (len << 8) | data[2 + i];
        header = 2 + k;
    }
    const std::size_t total = header + len;
    if (total > limit) throw ApiError(ApiErrorKind::CardContent, "certificate longer than its file");
    if (data.size() > total) data.resize(total);
    if (data.size() < total) append(data, view(readBinary(offset + data.size(), total - data.size(), true)));
    return data;
}

std::optional<Bytes> Card::Impl::cached(const std::string& name) const {
    return options.cache->get(cardKey, name);
}

void Card::Impl::remember(const std::string& name, const Bytes& content) {
    options.cache->put(cardKey, name, content);
    dirty = true;
}

std::string Card::Impl::dfName(Df df) const {
    return df == Df::Mf || !app ? std::string("MF") : hexName(app->aid);
}

std::optional<detail::SdoAnswer> Card::Impl::sdo(Df df, std::uint8_t sdoClass, std::uint8_t ref,
                                                 std::uint32_t tag, bool useCache) {
    char id[16];
    std::snprintf(id, sizeof id, "%02X%02X/%X", sdoClass, ref, tag);
    const std::string name = "sdo:" + dfName(df) + "/" + id;
    if (useCache)
        if (auto c = cached(name)) {
            if (c->empty()) return std::nullopt;
            return detail::parseSdoAnswer(view(*c), sdoClass, ref);
        }
    selectDf(df);
    const ResponseApdu r = transmit(
        CommandApdu(0x00, 0xCB, 0x3F, 0xFF, detail::getDataRequest(sdoClass, ref, tag), std::size_t{256}));
    if (r.sw() == sw::ReferencedDataNotFound) {
        remember(name, {});
        return std::nullopt;
    }
    r.check("GET DATA");
    detail::SdoAnswer a = detail::parseSdoAnswer(view(r.data()), sdoClass, ref);
    remember(name, r.data());
    return a;
}

std::vector<detail::Crt> Card::Impl::environment(Df df, std::uint8_t se) {
    const auto a = sdo(df, detail::sdo::kEnvironment, se, 0x7B);
    if (!a) return {};
    const auto it = a->templates.find(0x7B);
    if (it == a->templates.end()) return {};
    return detail::parseEnvironment(view(it->second));
}

}  // namespace ias::api
