// Card I/O shared by the administration operations and the card check (AdminOps.h).
#include "AdminOps.h"

#include <algorithm>

#include "ias/api/Aodf.h"
#include "ias/api/Cdf.h"
#include "ias/api/Prkdf.h"
#include "ias/api/Pukdf.h"

namespace ias::api {

using detail::Scb;

std::string directoryCacheName(const Bytes& aid, const Path& p) {
    return "file:" + hexName(aid) + "/" + hexName(p.value);
}

detail::AccessRules AdminOps::applicationRules() {
    const detail::Fcp fcp = c.applicationFcp();
    if (!fcp.rules) throw ApiError(ApiErrorKind::CardContent, "the application's FCP has no access rules");
    return *fcp.rules;
}

void AdminOps::require(Scb rule, const char* what) {
    if (rule.never())
        throw ApiError(ApiErrorKind::NotSupported, std::string("the card never allows ") + what);
    if (rule.secureMessaging() && !c.sm) c.openSm(rule, Card::Impl::Df::App);
    if (!rule.secureMessaging() && c.sm) c.closeSm();
    c.selectApp();
}

std::size_t AdminOps::writeChunk() const {
    return c.sm ? c.sm->maxPlainChunk() : std::min<std::size_t>(c.identity->buffers.send, 255);
}

void AdminOps::updateBinary(std::size_t offset, ByteView data) {
    const std::size_t chunk = writeChunk();
    for (std::size_t done = 0; done < data.size();) {
        const std::size_t n = std::min(chunk, data.size() - done);
        const std::size_t at = offset + done;
        if (at > 0x7FFF) throw ApiError(ApiErrorKind::NoSpace, "UPDATE BINARY beyond offset 7FFF");
        c.transmitChecked(CommandApdu(0x00, 0xD6, static_cast<std::uint8_t>(at >> 8),
                                      static_cast<std::uint8_t>(at), data.subspan(done, n)),
                          "UPDATE BINARY");
        done += n;
    }
}

void AdminOps::rewrite(DirectoryFile& f, const Bytes& content) {
    const Scb update = f.rules.rule(detail::op::kEfUpdate);
    require(update, "updating a PKCS#15 file");
    // The plan is made before anything is written: a file without room is refused untouched.
    const detail::RewritePlan plan = detail::planDirectoryRewrite(view(f.content), view(content), f.fileSize,
                                                                  writeChunk(), view(f.path.value));
    if (plan.journal) {
        writeJournal(*plan.journal);
        require(update, "updating a PKCS#15 file");
    }
    if (!plan.writes.empty()) {
        c.selectPath(f.path);
        for (const detail::FileWrite& w : plan.writes) updateBinary(w.offset, view(w.data));
    }
    if (plan.journal) deleteFile(Path{detail::kJournalFid, {}, {}, {}});
    f.content = content;
    c.remember(directoryCacheName(c.app->aid, f.path), f.content);
}

void AdminOps::writeJournal(const detail::DirectoryJournal& journal) {
    const Scb create = applicationRules().rule(detail::op::kDfCreate);
    const std::size_t size = detail::journalFileSize(journal);
    Bytes fcp;
    appendTlv(fcp, 0x80, Bytes{static_cast<std::uint8_t>(size >> 8), static_cast<std::uint8_t>(size)});
    appendTlv(fcp, 0x82, Bytes{0x01});
    appendTlv(fcp, 0x83, detail::kJournalFid);
    const Bytes acl = c.cdf && !c.cdf->rules.bytes().empty()
                          ? c.cdf->rules.bytes()
                          : Bytes{0x7B, 0x45, 0xFF, 0x45, 0x45, 0x45, 0x00};
    appendTlv(fcp, 0xA1, encodeTlv(0x8C, acl));
    const CommandApdu createFile(0x00, 0xE0, 0x00, 0x00, encodeTlv(0x62, fcp));
    require(create, "creating files");
    ResponseApdu created = c.transmit(createFile);
    if (created.sw() == sw::FileAlreadyExists) {  // a journal no rewrite needs any more, if it is ours
        const JournalState there = inspectJournal();
        if (!there.ours)
            throw ApiError(ApiErrorKind::CardContent, "EF " + hexName(detail::kJournalFid) +
                                                          " of the application is not a journal of this "
                                                          "middleware: no journalled rewrite is possible");
        deleteFile(Path{detail::kJournalFid, {}, {}, {}});
        require(create, "creating files");
        created = c.transmit(createFile);
    }
    created.check("CREATE FILE (journal)");
    for (const detail::FileWrite& w : detail::journalWrites(journal, writeChunk()))
        updateBinary(w.offset, view(w.data));  // the new EF is the current one
}

std::pair<Bytes, std::uint8_t> AdminOps::readVisible(DirectoryFile& f) {
    c.selectPath(f.path);
    Bytes visible = c.readObjectList(f.fileSize);
    std::uint8_t end = 0x00;
    if (visible.size() < f.fileSize) {
        const Bytes b = c.readBinary(visible.size(), 1, false);
        if (!b.empty()) end = b[0];
    }
    return {std::move(visible), end};
}

AdminOps::JournalState AdminOps::inspectJournal() {
    JournalState s;
    c.selectApp();
    const ResponseApdu r =
        c.transmit(CommandApdu(0x00, 0xA4, 0x02, 0x04, detail::kJournalFid, std::size_t{256}));
    if (r.sw() == sw::FileNotFound) return s;
    r.check("SELECT journal");
    s.exists = true;
    const detail::Fcp fcp = detail::parseFcp(view(r.data()));
    const Bytes content = c.readBinary(0, fcp.size, false);
    s.journal = detail::parseJournal(view(content));
    s.ours = s.journal || (content.size() >= detail::kJournalHeaderSize &&
                           std::all_of(content.begin(), content.begin() + detail::kJournalHeaderSize,
                                       [](std::uint8_t b) { return b == 0x00; }));
    if (!s.journal) return s;
    for (std::optional<DirectoryFile>* slot : {&c.prkdf, &c.pukdf, &c.cdf})
        if (*slot && (*slot)->path.value == s.journal->fileId) s.file = &**slot;
    if (!s.file) return s;
    auto [visible, end] = readVisible(*s.file);
    s.file->content = std::move(visible);
    s.pending = detail::journalPending(*s.journal, view(s.file->content), end);
    return s;
}

bool AdminOps::settleJournal(const JournalState& s) {
    if (!s.exists || !s.ours) return false;
    bool changed = false;
    if (s.pending) {
        DirectoryFile& f = *s.file;
        require(f.rules.rule(detail::op::kEfUpdate), "updating a PKCS#15 file");
        c.selectPath(f.path);
        for (const detail::FileWrite& w : detail::planJournalCompletion(*s.journal, f.fileSize, writeChunk()))
            updateBinary(w.offset, view(w.data));
        append(f.content, view(s.journal->tail));
        c.remember(directoryCacheName(c.app->aid, f.path), f.content);
        changed = true;
    }
    deleteFile(Path{detail::kJournalFid, {}, {}, {}});
    return changed;
}

void AdminOps::reparse() {
    if (c.prkdf) c.privateKeys = parsePrkdf(view(c.prkdf->content));
    if (c.pukdf) c.publicKeys = parsePukdf(view(c.pukdf->content));
    if (c.cdf) c.certificateObjects = parseCdf(view(c.cdf->content));
}

void AdminOps::recoverDirectories() {
    const JournalState s = inspectJournal();
    const bool changed = settleJournal(s);
    if (c.sm) c.closeSm();
    if (s.file) reparse();  // its content was read anew
    if (changed || s.file) c.buildModel();
}

void AdminOps::forgetSdo(std::uint8_t ref) {
    for (std::uint8_t cls : {detail::sdo::kPrivateKey, detail::sdo::kPublicKey}) {
        char id[16];
        for (std::uint32_t tag : {0xA0u, 0x7F48u, 0x7F49u}) {
            std::snprintf(id, sizeof id, "%02X%02X/%X", cls, ref, tag);
            c.options.cache->erase(c.cardKey, "sdo:" + c.dfName(Card::Impl::Df::App) + "/" + id);
        }
    }
}

void AdminOps::deleteKeySdos(std::uint8_t ref) {
    // The private half first: once it is gone the key cannot be used, whatever else is left.
    for (std::uint8_t cls : {detail::sdo::kPrivateKey, detail::sdo::kPublicKey}) {
        const auto docp = c.sdo(Card::Impl::Df::App, cls, ref, 0xA0, false);
        if (!docp) continue;
        if (docp->rules) require(docp->rules->rule(detail::op::kKeyPut), "deleting the key");
        c.selectApp();
        const ResponseApdu r = c.transmit(
            CommandApdu(0x00, 0xDB, 0x3F, 0xFF,
                        encodeTlv(0x70, Bytes{0xBF, static_cast<std::uint8_t>(cls | 0x80), ref, 0x00})));
        if (r.sw() != sw::ReferencedDataNotFound) r.check("PUT DATA (delete key)");
    }
    forgetSdo(ref);
}

void AdminOps::deleteFile(const Path& path) {
    const detail::Fcp fcp = c.selectPath(path);
    const Scb rule = fcp.rules ? fcp.rules->rule(detail::op::kEfDelete) : Scb{0x00};
    if (rule.never()) throw ApiError(ApiErrorKind::NotSupported, "the card never allows deleting this file");
    if (rule.secureMessaging()) {
        c.openSm(rule, Card::Impl::Df::App);
        c.selectPath(path);  // opening the session may have selected the DF
    } else if (c.sm) {
        c.closeSm();
        c.selectPath(path);
    }
    c.transmitChecked(CommandApdu(0x00, 0xE4, 0x00, 0x00), "DELETE FILE");
    c.current = Card::Impl::Df::App;
    c.options.cache->erase(c.cardKey, "cert:" + hexName(c.app->aid) + "/" + hexName(path.value) + "@0");
}

std::uint8_t AdminOps::environmentOf(const PinInfo& pin) {
    for (std::uint8_t se = 1; se <= 15; ++se) {
        const auto crts = c.environment(Card::Impl::Df::App, se);
        if (const detail::Crt* crt = detail::findCrt(crts, 0xA4, 0x08);
            crt && !crt->references.empty() && crt->references.front() == pin.reference)
            return se;
    }
    throw ApiError(ApiErrorKind::NotSupported,
                   "no security environment of the application names " + pin.label);
}

std::vector<std::uint32_t> AdminOps::algorithmReferences(std::uint32_t usage) {
    std::vector<std::uint32_t> refs;
    for (const AlgorithmInfo& a : c.app->tokenInfo.supportedAlgorithms) {
        if (!a.algRef) continue;
        const std::uint32_t b = *a.algRef;
        const bool sign = (usage & (key_usage::kSign | key_usage::kNonRepudiation)) &&
                          (b == 0x02 || b == 0x12 || b == 0x42 || b == 0x35 || b == 0x36 || b == 0x37);
        const bool decrypt = (usage & key_usage::kDecrypt) && (b == 0x1A || b == 0x0A);
        if (sign || decrypt) refs.push_back(a.reference);
    }
    return refs;
}

}  // namespace ias::api
