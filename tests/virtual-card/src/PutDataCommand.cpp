// PUT DATA (00 DB 3F FF) on SDOs, as IAS-ECC administration uses it (ias-ecc-card-facts.md §7):
//   create   70 { BF cc rr { A0 { DOCP } [fields] } }   needs the CREATE rule of the current DF
//   fields   70 { BF cc rr { 7F48|7F49|A2|7F41|7B { tag value } } }   needs the SDO's PUT rule
//   delete   70 { BF cc rr 00 }                          needs the SDO's PUT rule
// RSA private keys are imported as primes (92 p, 93 q); the card recomputes the rest with the public
// exponent put in 7F49 82 (default 65537).
#include "ias/apdu/Tlv.h"
#include "vcard/Commands.h"
#include "vcard/FileSystem.h"
#include "vcard/SdoEncoding.h"
#include "vcard/StatusError.h"

namespace ias::vcard {
namespace {

struct Docp {
    Acl acl;
    std::size_t size = 0;
    int tries = 3;
};

Docp parseDocp(ByteView value) {
    Docp d;
    bool haveAcl = false;
    for (const Tlv& t : parseTlvList(value)) {
        ByteView aclBytes;
        if (t.tag == 0xA1) {
            if (auto c = findTlv(parseTlvList(t.value), 0x8C)) aclBytes = c->value, haveAcl = true;
        } else if (t.tag == 0x8C) {
            aclBytes = t.value, haveAcl = true;
        } else if (t.tag == 0x80) {
            for (std::uint8_t b : t.value) d.size = (d.size << 8) | b;
        } else if (t.tag == 0x9A && t.value.size() == 1) {
            d.tries = t.value[0];
        }
        if (!aclBytes.empty()) {
            try {
                d.acl = Acl::parse(aclBytes);
            } catch (const std::invalid_argument&) {
                fail(sw::WrongData);
            }
        }
    }
    if (!haveAcl) fail(sw::WrongData);
    return d;
}

void create(CommandContext& ctx, const SdoAddress& a, ByteView docpValue) {
    FileNode& df = ctx.currentDf();
    ctx.require(df, df.acl.scb(op::Create));
    const Docp d = parseDocp(docpValue);
    switch (a.sdoClass) {
        case sdoclass::Chv: {
            for (const Chv& c : df.chvs)
                if (c.ref == a.ref) fail(sw::FileAlreadyExists);
            Chv chv;
            chv.ref = a.ref, chv.acl = d.acl, chv.tries = chv.left = d.tries;
            df.chvs.push_back(std::move(chv));
            return;
        }
        case sdoclass::PrivateKey:
        case sdoclass::PublicKey: {
            const bool priv = a.sdoClass == sdoclass::PrivateKey;
            KeyPair* key = nullptr;
            for (KeyPair& k : df.keys)
                if (k.ref == a.ref) key = &k;
            if (!key) {
                KeyPair k;
                k.ref = a.ref, k.hasPrivate = k.hasPublic = false;
                df.keys.push_back(std::move(k));
                key = &df.keys.back();
            }
            if (priv ? key->hasPrivate : key->hasPublic) fail(sw::FileAlreadyExists);
            (priv ? key->hasPrivate : key->hasPublic) = true;
            (priv ? key->acl : key->pubAcl) = d.acl;
            if (d.size && !key->key) key->bits = d.size * 8;
            return;
        }
        case sdoclass::Keyset: {
            for (const Keyset& k : df.keysets)
                if (k.ref == a.ref) fail(sw::FileAlreadyExists);
            Keyset ks;
            ks.ref = a.ref, ks.acl = d.acl;
            df.keysets.push_back(std::move(ks));
            return;
        }
        case sdoclass::Se: {
            for (const SecurityEnvironment& s : df.environments)
                if (s.ref == a.ref) fail(sw::FileAlreadyExists);
            SecurityEnvironment se;
            se.ref = a.ref, se.acl = d.acl;
            df.environments.push_back(std::move(se));
            return;
        }
        default:
            fail(sw::WrongData);
    }
}

void updatePrivateKey(KeyPair& key, const std::vector<Tlv>& fields) {
    for (const Tlv& f : fields)
        if (f.tag >= 0x92 && f.tag <= 0x96) key.pending[f.tag] = SecureBuffer::copyOf(f.value);
    if (!key.pending.contains(0x92) || !key.pending.contains(0x93)) return;
    try {
        KeyHandle k = rsaFromPrimes(key.pending[0x92].view(), key.pending[0x93].view(), key.publicExponent);
        if (!key.pendingModulus.empty() && rsaModulus(k) != key.pendingModulus) fail(sw::WrongData);
        key.key = std::move(k);
        key.type = KeyType::Rsa;
    } catch (const KeyError&) {
        key.pending.clear();
        fail(sw::WrongData);
    }
    key.pending.clear();
}

void updatePublicKey(KeyPair& key, const std::vector<Tlv>& fields) {
    for (const Tlv& f : fields) {
        if (f.tag == 0x81) key.pendingModulus.assign(f.value.begin(), f.value.end());
        if (f.tag == 0x82) {
            if (f.value.empty()) fail(sw::WrongData);
            key.publicExponent.assign(f.value.begin(), f.value.end());
        }
    }
}

void updateFields(CommandContext& ctx, const SdoAddress& a, const Tlv& group) {
    FileNode* where = nullptr;
    FileNode& df = ctx.currentDf();
    const std::vector<Tlv> fields = group.tag == 0x7B ? std::vector<Tlv>{} : parseTlvList(group.value);
    switch (a.sdoClass) {
        case sdoclass::Chv: {
            Chv* chv = findChv(df, a.ref, &where);
            if (!chv) fail(sw::ReferencedDataNotFound);
            ctx.require(*where, chv->acl.scb(op::SdoPut));
            if (group.tag != 0x7F41) fail(sw::WrongData);
            for (const Tlv& f : fields) {
                if (f.tag == 0x80 && f.value.size() == 1) chv->maxLength = f.value[0];
                if (f.tag == 0x81 && f.value.size() == 1) chv->minLength = f.value[0];
                if (f.tag == 0x82) chv->value = SecureBuffer::copyOf(f.value), chv->left = chv->tries;
            }
            return;
        }
        case sdoclass::PrivateKey:
        case sdoclass::PublicKey: {
            const bool priv = a.sdoClass == sdoclass::PrivateKey;
            KeyPair* key = findKey(df, a.ref, &where);
            if (!key || !(priv ? key->hasPrivate : key->hasPublic)) fail(sw::ReferencedDataNotFound);
            ctx.require(*where, (priv ? key->acl : key->pubAcl).scb(op::SdoPut));
            if (group.tag != (priv ? 0x7F48u : 0x7F49u)) fail(sw::WrongData);
            if (priv)
                updatePrivateKey(*key, fields);
            else
                updatePublicKey(*key, fields);
            return;
        }
        case sdoclass::Keyset: {
            Keyset* ks = findKeyset(df, a.ref, &where);
            if (!ks) fail(sw::ReferencedDataNotFound);
            ctx.require(*where, ks->acl.scb(op::SdoPut));
            if (group.tag != 0xA2) fail(sw::WrongData);
            for (const Tlv& f : fields) {
                if ((f.tag == 0x90 || f.tag == 0x91) && f.value.size() != 16) fail(sw::WrongData);
                if (f.tag == 0x90) ks->mac = SecureBuffer::copyOf(f.value);
                if (f.tag == 0x91) ks->enc = SecureBuffer::copyOf(f.value);
            }
            return;
        }
        case sdoclass::Se: {
            SecurityEnvironment* se = findEnvironment(df, a.ref, &where);
            if (!se) fail(sw::ReferencedDataNotFound);
            ctx.require(*where, se->acl.scb(op::SdoPut));
            if (group.tag != 0x7B) fail(sw::WrongData);
            SecurityEnvironment candidate = *se;
            candidate.crts.assign(group.value.begin(), group.value.end());
            (void)candidate.parsedCrts();  // throws TlvError → 6A80
            se->crts = std::move(candidate.crts);
            return;
        }
        default:
            fail(sw::ReferencedDataNotFound);
    }
}

void remove(CommandContext& ctx, const SdoAddress& a) {
    FileNode& df = ctx.currentDf();
    auto eraseIn = [&](auto& items, auto aclOf) {
        for (auto it = items.begin(); it != items.end(); ++it) {
            if (it->ref != a.ref) continue;
            ctx.require(df, aclOf(*it).scb(op::SdoPut));
            items.erase(it);
            return;
        }
        fail(sw::ReferencedDataNotFound);
    };
    switch (a.sdoClass) {
        case sdoclass::Chv:
            return eraseIn(df.chvs, [](const Chv& c) { return c.acl; });
        case sdoclass::Keyset:
            return eraseIn(df.keysets, [](const Keyset& k) { return k.acl; });
        case sdoclass::Se:
            return eraseIn(df.environments, [](const SecurityEnvironment& s) { return s.acl; });
        case sdoclass::PrivateKey:
        case sdoclass::PublicKey: {
            const bool priv = a.sdoClass == sdoclass::PrivateKey;
            for (auto it = df.keys.begin(); it != df.keys.end(); ++it) {
                if (it->ref != a.ref || !(priv ? it->hasPrivate : it->hasPublic)) continue;
                ctx.require(df, (priv ? it->acl : it->pubAcl).scb(op::SdoPut));
                (priv ? it->hasPrivate : it->hasPublic) = false;
                if (!it->hasPrivate && !it->hasPublic) df.keys.erase(it);
                return;
            }
            fail(sw::ReferencedDataNotFound);
        }
        default:
            fail(sw::ReferencedDataNotFound);
    }
}

}  // namespace

ResponseApdu putData(CommandContext& ctx, const CommandApdu& cmd) {
    if (cmd.p1() != 0x3F || cmd.p2() != 0xFF) fail(sw::IncorrectP1P2);
    if (cmd.data().empty()) fail(sw::WrongLength);
    const SdoAddress a = parseSdoAddress(cmd.data().view());
    if (a.content.empty() || (a.content.size() == 1 && a.content[0] == 0x00)) {
        remove(ctx, a);
        ctx.dirty = true;
        return ResponseApdu({}, sw::Ok);
    }
    const std::vector<Tlv> items = parseTlvList(a.content);
    for (const Tlv& item : items) {
        if (item.tag == 0xA0)
            create(ctx, a, item.value);
        else
            updateFields(ctx, a, item);
        ctx.dirty = true;
    }
    return ResponseApdu({}, sw::Ok);
}

}  // namespace ias::vcard
