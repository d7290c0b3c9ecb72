// Administration under secure messaging (facts §7), with the keyset the card's own rules name: the
// application's CREATE rule (SE n → A4 CRT usage C0) for new SDOs and files, the objects' PUT/UPDATE/
// DELETE rules for changes. The PKCS#15 directory files are edited entry by entry (the other entries keep
// their bytes) so that any PKCS#15 reader, OpenSC's included, sees the new key and certificate.
// Every flow is ordered so that a card pulled after any command is left in the old or the new state, or
// in one the card check names and repairs (docs/ias-api.md, "Interrupted administration"): what a PKCS#15
// entry points at is written before the entry, and removed after it.
#include <algorithm>
#include <set>

#include "AdminOps.h"
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

// The directory file's objects without those whose iD is `id` (`idOf` parses one object).
template <typename IdOf>
std::vector<Bytes> objectsWithout(const DirectoryFile& f, ByteView id, IdOf idOf) {
    std::vector<Bytes> objects;
    for (Bytes& o : detail::splitObjects(view(f.content)))
        if (idOf(view(o)) != Bytes(id.begin(), id.end())) objects.push_back(std::move(o));
    return objects;
}

Bytes privateKeyId(ByteView o) {
    const auto p = parsePrkdf(o);
    return p.size() == 1 ? p[0].key.id : Bytes{};
}
Bytes publicKeyId(ByteView o) {
    const auto p = parsePukdf(o);
    return p.size() == 1 ? p[0].key.id : Bytes{};
}
Bytes certificateId(ByteView o) {
    const auto p = parseCdf(o);
    return p.size() == 1 ? p[0].id : Bytes{};
}

}  // namespace

KeyInfo Card::generateKey(const KeyGenerationRequest& request) {
    application();
    if (request.id.empty() || request.id.size() > 255)
        throw ApiError(ApiErrorKind::InvalidInput, "key iD of 1..255 bytes");
    if (request.bits < 1024 || request.bits > 4096 || request.bits % 8)
        throw ApiError(ApiErrorKind::InvalidInput, "RSA key size 1024..4096 bits");
    if (request.publicExponent.empty()) throw ApiError(ApiErrorKind::InvalidInput, "empty public exponent");
    Impl& c = *impl_;
    // Order: key SDOs (invisible to readers), PuKDF entry, PrKDF entry last (the key appears).
    c.run(Impl::Kind::Stateful, [&] {
        AdminOps admin{c};
        if (!c.prkdf) throw ApiError(ApiErrorKind::NotSupported, "the application has no PrKDF");
        admin.recoverDirectories();
        if (c.app->findKey(view(request.id)))
            throw ApiError(ApiErrorKind::InvalidInput, "a key with iD " + toHex(request.id) + " exists");
        const PinInfo pin = c.pin(view(request.pinAuthId));
        const Scb create = admin.applicationRules().rule(detail::op::kDfCreate);
        // A free SDO reference: not in the PrKDF and absent on the card.
        std::set<std::uint8_t> used;
        for (const KeyInfo& k : c.app->keys) used.insert(k.keyReference);
        for (const PublicKeyObject& k : c.publicKeys)  // but a leftover of an interrupted run of this one
            if (k.key.keyReference && k.key.id != request.id)
                used.insert(static_cast<std::uint8_t>(*k.key.keyReference & 0x1F));
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
        admin.forgetSdo(ref);  // what the probe cached about the (then absent) SDOs
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

        if (c.pukdf) {
            // A PuKDF entry with this iD but no private key is what an interrupted run left: replaced.
            auto pubs = objectsWithout(*c.pukdf, view(request.id), publicKeyId);
            pubs.push_back(detail::encodePublicKeyEntry(puk));
            admin.rewrite(*c.pukdf, detail::joinObjects(pubs));
            std::erase_if(c.publicKeys, [&](const PublicKeyObject& o) { return o.key.id == request.id; });
            c.publicKeys.push_back(puk);
        }
        auto objects = detail::splitObjects(view(c.prkdf->content));
        objects.push_back(detail::encodePrivateKeyEntry(prk));
        admin.rewrite(*c.prkdf, detail::joinObjects(objects));
        c.privateKeys.push_back(prk);
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
    // Order: the certificate to a new EF, then the CDF entry switched to it (the commit), then the old EF
    // deleted. A replaced certificate is never deleted before its successor is written and named.
    c.run(Impl::Kind::Stateful, [&] {
        AdminOps admin{c};
        admin.recoverDirectories();
        const Scb create = admin.applicationRules().rule(detail::op::kDfCreate);
        std::set<Bytes> usedFids;
        std::optional<Path> oldPath;
        for (const CertificateObject& o : c.certificateObjects) {
            usedFids.insert(o.path.value);
            if (o.id == request.id && !o.path.value.empty() && o.path.index.value_or(0) == 0)
                oldPath = o.path;
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
        const CommandApdu createFile(0x00, 0xE0, 0x00, 0x00, encodeTlv(0x62, fcp));
        admin.require(create, "creating files");
        ResponseApdu created = c.transmit(createFile);
        if (created.sw() == sw::FileAlreadyExists) {
            // No CDF entry names it: left by an interrupted store, replacement or deletion.
            admin.deleteFile(Path{fid, {}, {}, {}});
            admin.require(create, "creating files");
            created = c.transmit(createFile);
        }
        created.check("CREATE FILE");
        admin.updateBinary(0, der);  // the new EF is the current one

        CertificateObject entry;
        entry.common.label = request.label;
        entry.id = request.id;
        entry.authority = request.authority;
        entry.path.value = fid;
        entry.path.index = 0;
        entry.path.length = static_cast<std::uint32_t>(der.size());
        // The new entry takes the old one's place (a small change, usually one UPDATE BINARY).
        std::vector<Bytes> objects;
        bool placed = false;
        for (Bytes& o : detail::splitObjects(view(c.cdf->content))) {
            if (certificateId(view(o)) != request.id) {
                objects.push_back(std::move(o));
            } else if (!placed) {
                objects.push_back(detail::encodeCertificateEntry(entry));
                placed = true;
            }
        }
        if (!placed) objects.push_back(detail::encodeCertificateEntry(entry));
        admin.rewrite(*c.cdf, detail::joinObjects(objects));
        std::erase_if(c.certificateObjects, [&](const CertificateObject& o) { return o.id == request.id; });
        c.certificateObjects.push_back(entry);
        c.remember("cert:" + hexName(c.app->aid) + "/" + hexName(fid) + "@0", Bytes(der.begin(), der.end()));
        if (oldPath) admin.deleteFile(*oldPath);
    });
    c.buildModel();
}

void Card::deleteCertificate(ByteView certificateId) {
    application();
    Impl& c = *impl_;
    const Bytes id(certificateId.begin(), certificateId.end());
    // Order: the CDF entry first (the certificate disappears), then its EF.
    c.run(Impl::Kind::Stateful, [&] {
        AdminOps admin{c};
        admin.recoverDirectories();
        const CertificateInfo* info = c.app->findCertificate(view(id));
        if (!info) throw ApiError(ApiErrorKind::NotFound, "no certificate with iD " + toHex(id));
        const Path path = info->path;
        admin.rewrite(*c.cdf, detail::joinObjects(objectsWithout(*c.cdf, view(id), ias::api::certificateId)));
        std::erase_if(c.certificateObjects, [&](const CertificateObject& o) { return o.id == id; });
        if (!path.value.empty() && path.index.value_or(0) == 0) admin.deleteFile(path);
    });
    c.buildModel();
}

void Card::deleteKey(ByteView keyId) {
    application();
    Impl& c = *impl_;
    const Bytes id(keyId.begin(), keyId.end());
    // Order: the PrKDF entry first (the key disappears), then the PuKDF entry, then the SDOs. Re-running it
    // after an interruption finishes what is left (a public key entry, SDOs).
    c.run(Impl::Kind::Stateful, [&] {
        AdminOps admin{c};
        admin.recoverDirectories();
        std::optional<std::uint8_t> ref;
        for (const PrivateKeyObject& k : c.privateKeys)
            if (k.key.id == id && k.key.keyReference)
                ref = static_cast<std::uint8_t>(*k.key.keyReference & 0x1F);
        if (!ref)
            for (const PublicKeyObject& k : c.publicKeys)
                if (k.key.id == id && k.key.keyReference)
                    ref = static_cast<std::uint8_t>(*k.key.keyReference & 0x1F);
        if (!ref) throw ApiError(ApiErrorKind::NotFound, "no private key with iD " + toHex(id));
        if (c.prkdf)
            admin.rewrite(*c.prkdf, detail::joinObjects(objectsWithout(*c.prkdf, view(id), privateKeyId)));
        std::erase_if(c.privateKeys, [&](const PrivateKeyObject& o) { return o.key.id == id; });
        if (c.pukdf)
            admin.rewrite(*c.pukdf, detail::joinObjects(objectsWithout(*c.pukdf, view(id), publicKeyId)));
        std::erase_if(c.publicKeys, [&](const PublicKeyObject& o) { return o.key.id == id; });
        admin.deleteKeySdos(*ref);
    });
    c.buildModel();
}

}  // namespace ias::api
