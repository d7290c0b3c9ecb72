// Administration under secure messaging (facts §7), with the keyset the card's own rules name: the
// application's CREATE rule (SE n → A4 CRT usage C0) for new SDOs and files, the objects' PUT/UPDATE/
// DELETE rules for changes. The PKCS#15 directory files are edited entry by entry (the other entries keep
// their bytes) so that any PKCS#15 reader, OpenSC's included, sees the new key and certificate.
#include <algorithm>
#include <set>

#include "CardImpl.h"
#include "Pkcs15Writer.h"
#include "ias/apdu/Tlv.h"
#include "ias/api/Cdf.h"
#include "ias/api/Certificate.h"
#include "ias/api/Prkdf.h"
#include "ias/api/Pukdf.h"

namespace ias::api {
namespace {

using detail::Scb;

Bytes sdoTag(std::uint8_t sdoClass, std::uint8_t ref) {
    return Bytes{0xBF, static_cast<std::uint8_t>(sdoClass | 0x80), ref};
}

std::uint32_t sdoTagValue(std::uint8_t sdoClass, std::uint8_t ref) {
    return 0xBF0000u | (std::uint32_t{static_cast<std::uint8_t>(sdoClass | 0x80)} << 8) | ref;
}

// PUT DATA 70 { BF cc rr { content } }.
CommandApdu putData(std::uint8_t sdoClass, std::uint8_t ref, ByteView content) {
    return CommandApdu(0x00, 0xDB, 0x3F, 0xFF,
                       encodeTlv(0x70, encodeTlv(sdoTagValue(sdoClass, ref), content)));
}

Bytes docp(ByteView acl, std::size_t sizeBytes) {
    Bytes content = encodeTlv(0xA1, encodeTlv(0x8C, acl));
    append(content, Bytes{0x80, 0x02, static_cast<std::uint8_t>(sizeBytes >> 8),
                          static_cast<std::uint8_t>(sizeBytes)});
    return encodeTlv(0xA0, content);
}

std::string fileName(const Bytes& aid, const Path& p) {
    return "file:" + hexName(aid) + "/" + hexName(p.value);
}

}  // namespace

// Admin helpers kept here: they only serve administration.
struct AdminOps {
    Card::Impl& c;

    detail::AccessRules applicationRules() {
        const detail::Fcp fcp = c.applicationFcp();
        if (!fcp.rules)
            throw ApiError(ApiErrorKind::CardContent, "the application's FCP has no access rules");
        return *fcp.rules;
    }

    // Secure messaging as `rule` wants it, keeping a session already open (one keyset per operation).
    void require(Scb rule, const char* what) {
        if (rule.never())
            throw ApiError(ApiErrorKind::NotSupported, std::string("the card never allows ") + what);
        if (rule.secureMessaging() && !c.sm) c.openSm(rule, Card::Impl::Df::App);
        if (!rule.secureMessaging() && c.sm) c.closeSm();
        c.selectApp();
    }

    void updateBinary(std::size_t offset, ByteView data) {
        const std::size_t chunk =
            c.sm ? c.sm->maxPlainChunk() : std::min<std::size_t>(c.identity->buffers.send, 255);
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

    // Rewrites the part of a directory file that changes; the old tail beyond the new content becomes 00.
    void rewrite(DirectoryFile& f, const Bytes& content) {
        if (content.size() > f.fileSize)
            throw ApiError(ApiErrorKind::NoSpace, "PKCS#15 file " + hexName(f.path.value) + " has room for " +
                                                      std::to_string(f.fileSize) + " bytes, " +
                                                      std::to_string(content.size()) + " needed");
        Bytes target = content;
        if (target.size() < f.content.size()) target.resize(f.content.size(), 0x00);
        std::size_t start = 0;
        while (start < f.content.size() && f.content[start] == target[start]) ++start;
        require(f.rules.rule(detail::op::kEfUpdate), "updating a PKCS#15 file");
        c.selectPath(f.path);
        if (start < target.size()) updateBinary(start, ByteView(target).subspan(start));
        f.content = content;
        c.remember(fileName(c.app->aid, f.path), f.content);
    }

    // The security environment of the application whose user-authentication CRT names `pin`.
    std::uint8_t environmentOf(const PinInfo& pin) {
        for (std::uint8_t se = 1; se <= 15; ++se) {
            const auto crts = c.environment(Card::Impl::Df::App, se);
            if (const detail::Crt* crt = detail::findCrt(crts, 0xA4, 0x08);
                crt && !crt->references.empty() && crt->references.front() == pin.reference)
                return se;
        }
        throw ApiError(ApiErrorKind::NotSupported,
                       "no security environment of the application names " + pin.label);
    }

    std::vector<std::uint32_t> algorithmReferences(std::uint32_t usage) {
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
};

KeyInfo Card::generateKey(const KeyGenerationRequest& request) {
    application();
    if (request.id.empty() || request.id.size() > 255)
        throw ApiError(ApiErrorKind::InvalidInput, "key iD of 1..255 bytes");
    if (impl_->app->findKey(view(request.id)))
        throw ApiError(ApiErrorKind::InvalidInput, "a key with iD " + toHex(request.id) + " exists");
    if (request.bits < 1024 || request.bits > 4096 || request.bits % 8)
        throw ApiError(ApiErrorKind::InvalidInput, "RSA key size 1024..4096 bits");
    if (request.publicExponent.empty()) throw ApiError(ApiErrorKind::InvalidInput, "empty public exponent");
    const PinInfo pin = impl_->pin(view(request.pinAuthId));
    Impl& c = *impl_;
    c.run(Impl::Kind::Stateful, [&] {
        AdminOps admin{c};
        const Scb create = admin.applicationRules().rule(detail::op::kDfCreate);
        // A free SDO reference: not in the PrKDF and absent on the card.
        std::set<std::uint8_t> used;
        for (const KeyInfo& k : c.app->keys) used.insert(k.keyReference);
        std::uint8_t ref = 0;
        if (request.keyReference) {
            ref = *request.keyReference & 0x1F;
            if (!ref || used.count(ref)) throw ApiError(ApiErrorKind::InvalidInput, "key reference in use");
        } else {
            for (std::uint8_t r = 1; r <= 0x1F && !ref; ++r)
                if (!used.count(r) && !c.sdo(Impl::Df::App, detail::sdo::kPrivateKey, r, 0xA0, false))
                    ref = r;
            if (!ref) throw ApiError(ApiErrorKind::NoSpace, "no free key reference on the card");
        }
        const std::uint8_t user = static_cast<std::uint8_t>(0x10 | admin.environmentOf(pin));
        const bool signs = request.usage & (key_usage::kSign | key_usage::kNonRepudiation);
        const bool deciphers = request.usage & key_usage::kDecrypt;
        const std::uint8_t adminScb = create.value;
        // AMB 7B: CDS, INTERNAL AUTHENTICATE, DECIPHER, GENERATE, PUT, GET (facts §3).
        const Bytes keyAcl{0x7B,
                           signs ? user : std::uint8_t{0xFF},
                           signs ? user : std::uint8_t{0xFF},
                           deciphers ? user : std::uint8_t{0xFF},
                           adminScb,
                           adminScb,
                           0x00};
        const Bytes pubAcl{0x03, adminScb, 0x00};

        admin.require(create, "creating keys");
        const std::size_t bytes = request.bits / 8;
        c.transmitChecked(putData(detail::sdo::kPrivateKey, ref, docp(keyAcl, bytes)),
                          "PUT DATA (create key)");
        c.transmitChecked(putData(detail::sdo::kPublicKey, ref, docp(pubAcl, bytes)),
                          "PUT DATA (create public key)");
        c.transmitChecked(
            putData(detail::sdo::kPublicKey, ref, encodeTlv(0x7F49, encodeTlv(0x82, request.publicExponent))),
            "PUT DATA (public exponent)");
        const ResponseApdu g = c.transmitChecked(
            CommandApdu(0x00, 0x47, 0x00, 0x00, encodeTlv(0x70, sdoTag(detail::sdo::kPrivateKey, ref)),
                        std::size_t{256}),
            "GENERATE ASYMMETRIC KEY PAIR");
        // Forget what the probe cached about the (then absent) SDOs.
        for (std::uint8_t cls : {detail::sdo::kPrivateKey, detail::sdo::kPublicKey}) {
            char id[16];
            for (std::uint32_t tag : {0xA0u, 0x7F48u, 0x7F49u}) {
                std::snprintf(id, sizeof id, "%02X%02X/%X", cls, ref, tag);
                c.options.cache->erase(c.cardKey, "sdo:" + c.dfName(Impl::Df::App) + "/" + id);
            }
        }
        try {
            const Tlv t = parseSingleTlv(view(g.data()));
            const auto n = t.tag == 0x7F49 ? findTlv(parseTlvList(t.value), 0x81) : std::nullopt;
            if (!n || n->value.size() < bytes)
                throw ApiError(ApiErrorKind::CardContent, "GENERATE answered no modulus");
        } catch (const TlvError& e) {
            throw ApiError(ApiErrorKind::CardContent, std::string("GENERATE answer: ") + e.what());
        }

        PrivateKeyObject prk;
        prk.common.label = request.label;
        prk.common.flags = object_flags::kPrivate;
        prk.common.authId = request.pinAuthId;
        if (request.alwaysAuthenticate) prk.common.userConsent = 1;
        prk.key.id = request.id;
        prk.key.usage = request.usage;
        prk.key.accessFlags = key_access::kSensitive | key_access::kAlwaysSensitive |
                              key_access::kNeverExtractable | key_access::kLocal;
        prk.key.keyReference = ref;
        prk.key.algRefs = admin.algorithmReferences(request.usage);
        prk.type = KeyType::Rsa;
        prk.path.aid = c.app->aid;
        prk.modulusBits = request.bits;

        PublicKeyObject puk;
        puk.common.label = request.label;
        puk.key.id = request.id;
        puk.key.usage = (signs ? key_usage::kVerify : 0u) | (deciphers ? key_usage::kEncrypt : 0u);
        puk.key.keyReference = ref;
        puk.type = KeyType::Rsa;
        puk.path.aid = c.app->aid;
        puk.modulusBits = request.bits;

        if (!c.prkdf) throw ApiError(ApiErrorKind::NotSupported, "the application has no PrKDF");
        auto objects = detail::splitObjects(view(c.prkdf->content));
        objects.push_back(detail::encodePrivateKeyEntry(prk));
        admin.rewrite(*c.prkdf, detail::joinObjects(objects));
        c.privateKeys.push_back(prk);
        if (c.pukdf) {
            auto pubs = detail::splitObjects(view(c.pukdf->content));
            pubs.push_back(detail::encodePublicKeyEntry(puk));
            admin.rewrite(*c.pukdf, detail::joinObjects(pubs));
            c.publicKeys.push_back(puk);
        }
    });
    c.buildModel();
    return c.key(view(request.id));
}

void Card::storeCertificate(ByteView der, const CertificateStoreRequest& request) {
    parseCertificate(der);  // only a certificate goes on the card (throws Pkcs15Error)
    application();
    if (request.id.empty()) throw ApiError(ApiErrorKind::InvalidInput, "certificate iD empty");
    Impl& c = *impl_;
    if (!c.cdf) throw ApiError(ApiErrorKind::NotSupported, "the application has no CDF");
    c.run(Impl::Kind::Stateful, [&] {
        AdminOps admin{c};
        const Scb create = admin.applicationRules().rule(detail::op::kDfCreate);
        std::set<Bytes> usedFids;
        const CertificateObject* old = nullptr;
        for (const CertificateObject& o : c.certificateObjects) {
            usedFids.insert(o.path.value);
            if (o.id == request.id) old = &o;
        }
        admin.require(create, "creating files");
        if (old && !old->path.value.empty() && old->path.index.value_or(0) == 0) {
            c.selectPath(old->path);
            c.transmitChecked(CommandApdu(0x00, 0xE4, 0x00, 0x00), "DELETE FILE");
            c.current = Impl::Df::App;
            // The replacement goes to another file: its CDF entry then differs from the old one even for a
            // certificate of the same length, which is what a kept copy of the card is checked against.
        }
        Bytes fid;
        for (unsigned n = 0xB001; n <= 0xB0FF && fid.empty(); ++n) {
            const Bytes candidate{static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
            if (!usedFids.count(candidate)) fid = candidate;
        }
        if (fid.empty()) throw ApiError(ApiErrorKind::NoSpace, "no free certificate file identifier");
        Bytes fcp;
        appendTlv(fcp, 0x80,
                  Bytes{static_cast<std::uint8_t>(der.size() >> 8), static_cast<std::uint8_t>(der.size())});
        appendTlv(fcp, 0x82, Bytes{0x01});
        appendTlv(fcp, 0x83, fid);
        const Bytes acl = c.cdf->rules.bytes().empty() ? Bytes{0x7B, 0x45, 0xFF, 0x45, 0x45, 0x45, 0x00}
                                                       : c.cdf->rules.bytes();
        appendTlv(fcp, 0xA1, encodeTlv(0x8C, acl));
        const ResponseApdu created = c.transmit(CommandApdu(0x00, 0xE0, 0x00, 0x00, encodeTlv(0x62, fcp)));
        if (created.sw() == sw::FileAlreadyExists)
            throw ApiError(ApiErrorKind::CardContent,
                           "file " + toHex(fid) + " exists but no CDF entry names it");
        created.check("CREATE FILE");
        admin.updateBinary(0, der);  // the new EF is the current one

        CertificateObject entry;
        entry.common.label = request.label;
        entry.id = request.id;
        entry.authority = request.authority;
        entry.path.value = fid;
        entry.path.index = 0;
        entry.path.length = static_cast<std::uint32_t>(der.size());
        std::vector<Bytes> objects;
        for (Bytes& o : detail::splitObjects(view(c.cdf->content))) {
            const auto parsed = parseCdf(view(o));
            if (parsed.size() == 1 && parsed[0].id == request.id) continue;
            objects.push_back(std::move(o));
        }
        objects.push_back(detail::encodeCertificateEntry(entry));
        admin.rewrite(*c.cdf, detail::joinObjects(objects));
        std::erase_if(c.certificateObjects, [&](const CertificateObject& o) { return o.id == request.id; });
        c.certificateObjects.push_back(entry);
        c.remember("cert:" + hexName(c.app->aid) + "/" + hexName(fid) + "@0", Bytes(der.begin(), der.end()));
    });
    c.buildModel();
}

void Card::deleteCertificate(ByteView certificateId) {
    application();
    Impl& c = *impl_;
    const CertificateInfo* info = c.app->findCertificate(certificateId);
    if (!info) throw ApiError(ApiErrorKind::NotFound, "no certificate with iD " + toHex(certificateId));
    const Path path = info->path;
    const Bytes id = info->id;
    c.run(Impl::Kind::Stateful, [&] {
        AdminOps admin{c};
        if (!path.value.empty() && path.index.value_or(0) == 0) {
            const detail::Fcp fcp = c.selectPath(path);
            const Scb rule = fcp.rules ? fcp.rules->rule(detail::op::kEfDelete) : Scb{0x00};
            if (rule.never())
                throw ApiError(ApiErrorKind::NotSupported, "the card never allows deleting this file");
            if (rule.secureMessaging()) c.openSm(rule, Impl::Df::App);  // the EF stays current
            c.transmitChecked(CommandApdu(0x00, 0xE4, 0x00, 0x00), "DELETE FILE");
            c.current = Impl::Df::App;
        }
        std::vector<Bytes> objects;
        for (Bytes& o : detail::splitObjects(view(c.cdf->content))) {
            const auto parsed = parseCdf(view(o));
            if (parsed.size() == 1 && parsed[0].id == id) continue;
            objects.push_back(std::move(o));
        }
        admin.rewrite(*c.cdf, detail::joinObjects(objects));
        std::erase_if(c.certificateObjects, [&](const CertificateObject& o) { return o.id == id; });
        c.options.cache->erase(c.cardKey, "cert:" + hexName(c.app->aid) + "/" + hexName(path.value) + "@0");
    });
    c.buildModel();
}

void Card::deleteKey(ByteView keyId) {
    application();
    Impl& c = *impl_;
    const KeyInfo key = c.key(keyId);
    c.run(Impl::Kind::Stateful, [&] {
        AdminOps admin{c};
        const auto docp = c.sdo(Impl::Df::App, detail::sdo::kPrivateKey, key.keyReference, 0xA0, false);
        if (docp && docp->rules) {
            admin.require(docp->rules->rule(detail::op::kKeyPut), "deleting the key");
            for (std::uint8_t cls : {detail::sdo::kPrivateKey, detail::sdo::kPublicKey}) {
                const ResponseApdu r = c.transmit(putData(cls, key.keyReference, ByteView{}));
                if (r.sw() != sw::ReferencedDataNotFound) r.check("PUT DATA (delete key)");
                char id[16];
                for (std::uint32_t tag : {0xA0u, 0x7F48u, 0x7F49u}) {
                    std::snprintf(id, sizeof id, "%02X%02X/%X", cls, key.keyReference, tag);
                    c.options.cache->erase(c.cardKey, "sdo:" + c.dfName(Impl::Df::App) + "/" + id);
                }
            }
        }
        auto without = [&](DirectoryFile& f, bool priv) {
            std::vector<Bytes> objects;
            for (Bytes& o : detail::splitObjects(view(f.content))) {
                Bytes oid;
                if (priv) {
                    const auto p = parsePrkdf(view(o));
                    if (p.size() == 1) oid = p[0].key.id;
                } else {
                    const auto p = parsePukdf(view(o));
                    if (p.size() == 1) oid = p[0].key.id;
                }
                if (oid == key.id) continue;
                objects.push_back(std::move(o));
            }
            admin.rewrite(f, detail::joinObjects(objects));
        };
        if (c.prkdf) without(*c.prkdf, true);
        if (c.pukdf) without(*c.pukdf, false);
        std::erase_if(c.privateKeys, [&](const PrivateKeyObject& o) { return o.key.id == key.id; });
        std::erase_if(c.publicKeys, [&](const PublicKeyObject& o) { return o.key.id == key.id; });
    });
    c.buildModel();
}

}  // namespace ias::api
