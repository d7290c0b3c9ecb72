// The card check: what an interrupted administration can leave on the card, found from the card's own
// content and, when asked, repaired (docs/ias-api.md, "Interrupted administration").
#include <set>

#include "AdminOps.h"
#include "Pkcs15Writer.h"
#include "ias/api/Cdf.h"
#include "ias/api/Prkdf.h"
#include "ias/api/Pukdf.h"

namespace ias::api {
namespace {

using Kind = AdministrationFinding::Kind;

std::string hex2(std::uint8_t v) {
    char s[4];
    std::snprintf(s, sizeof s, "%02X", v);
    return s;
}

}  // namespace

std::vector<AdministrationFinding> Card::checkAdministration(bool repair) {
    application();
    Impl& c = *impl_;
    std::vector<AdministrationFinding> out;
    c.run(Impl::Kind::Stateful, [&] {
        AdminOps admin{c};
        // 1. The journal EF of a directory rewrite.
        const AdminOps::JournalState journal = admin.inspectJournal();
        if (journal.exists && journal.ours) {
            AdministrationFinding x;
            x.kind = journal.pending ? Kind::InterruptedRewrite : Kind::LeftoverJournal;
            if (journal.pending)
                x.description = "directory file " + hexName(journal.file->path.value) +
                                ": a rewrite was interrupted; readers see " +
                                std::to_string(journal.journal->offset) + " bytes of objects, " +
                                std::to_string(journal.journal->tail.size()) +
                                " more are in the journal EF " + hexName(detail::kJournalFid);
            else
                x.description = "journal EF " + hexName(detail::kJournalFid) +
                                " of a rewrite that finished or never began (or is not whole)";
            if (repair) {
                admin.settleJournal(journal);
                x.repaired = true;
            }
            out.push_back(std::move(x));
        }
        if (journal.file) admin.reparse();

        // 2. Public keys whose private key has no entry (a generation or deletion stopped in between).
        std::set<Bytes> privateIds;
        std::set<std::uint8_t> listedRefs;
        for (const PrivateKeyObject& k : c.privateKeys) {
            privateIds.insert(k.key.id);
            if (k.key.keyReference) listedRefs.insert(static_cast<std::uint8_t>(*k.key.keyReference & 0x1F));
        }
        std::vector<Bytes> orphanIds;
        for (const PublicKeyObject& k : c.publicKeys)
            if (!privateIds.count(k.key.id) && k.key.keyReference) orphanIds.push_back(k.key.id);
        for (const Bytes& id : orphanIds) {
            AdministrationFinding x{Kind::PublicKeyWithoutPrivateKey,
                                    "PuKDF: public key " + toHex(id) + " has no private key (PrKDF entry)"};
            if (repair && c.pukdf) {
                std::vector<Bytes> objects;
                for (Bytes& o : detail::splitObjects(view(c.pukdf->content))) {
                    const auto p = parsePukdf(view(o));
                    if (p.size() == 1 && p[0].key.id == id) continue;
                    objects.push_back(std::move(o));
                }
                admin.rewrite(*c.pukdf, detail::joinObjects(objects));
                std::erase_if(c.publicKeys, [&](const PublicKeyObject& o) { return o.key.id == id; });
                x.repaired = true;
            }
            out.push_back(std::move(x));
        }

        // 3. Key SDOs no PrKDF entry names (created before their entries, removed after them).
        c.closeSm();
        for (std::uint8_t r = 1; r <= 0x1F; ++r) {
            if (listedRefs.count(r)) continue;
            const bool priv = c.sdo(Impl::Df::App, detail::sdo::kPrivateKey, r, 0xA0, false).has_value();
            const bool pub = c.sdo(Impl::Df::App, detail::sdo::kPublicKey, r, 0xA0, false).has_value();
            if (!priv && !pub) continue;
            AdministrationFinding x{Kind::UnlistedKey,
                                    std::string("key SDO ") + hex2(r) + " (" + (priv ? "private" : "") +
                                        (priv && pub ? " and " : "") + (pub ? "public" : "") +
                                        " half) has no PrKDF entry"};
            if (repair) {
                admin.deleteKeySdos(r);
                x.repaired = true;
            }
            out.push_back(std::move(x));
        }

        // 4. Certificate EFs no CDF entry names, where a store picks its file (B001 up to one past the
        // last one named).
        std::set<Bytes> named;
        unsigned last = 0xB000;
        for (const CertificateObject& o : c.certificateObjects) {
            named.insert(o.path.value);
            if (o.path.value.size() == 2 && o.path.value[0] == 0xB0)
                last = std::max(last, 0xB000u | o.path.value[1]);
        }
        c.closeSm();
        for (unsigned n = 0xB001; n <= std::min(last + 1, 0xB0FFu); ++n) {
            const Bytes fid{static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
            if (named.count(fid)) continue;
            c.selectApp();
            const ResponseApdu r = c.transmit(CommandApdu(0x00, 0xA4, 0x02, 0x0C, fid));
            if (r.sw() == sw::FileNotFound) continue;
            r.check("SELECT " + toHex(fid));
            AdministrationFinding x{Kind::UnlistedCertificateFile,
                                    "EF " + toHex(fid) + " exists but no CDF entry names it"};
            if (repair) {
                admin.deleteFile(Path{fid, {}, {}, {}});
                x.repaired = true;
            }
            out.push_back(std::move(x));
        }
    });
    c.buildModel();
    return out;
}

}  // namespace ias::api
