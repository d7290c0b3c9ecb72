// CREATE FILE (00 E0) and DELETE FILE (00 E4) for transparent EFs and DFs, guarded by the CREATE rule of
// the parent DF and the DELETE rule of the file (ias-ecc-card-facts.md §7).
#include "ias/apdu/Tlv.h"
#include "vcard/Commands.h"
#include "vcard/FileSystem.h"
#include "vcard/StatusError.h"

namespace ias::vcard {
namespace {

std::unique_ptr<FileNode> parseFcp(ByteView data) {
    Tlv fcp = parseSingleTlv(data);
    if (fcp.tag != 0x62) fail(sw::WrongData);
    auto node = std::make_unique<FileNode>();
    bool haveFid = false, haveAcl = false, haveType = false;
    for (const Tlv& t : parseTlvList(fcp.value)) {
        ByteView acl;
        switch (t.tag) {
            case 0x80:
            case 0x81:
                node->size = 0;
                for (std::uint8_t b : t.value) node->size = (node->size << 8) | b;
                break;
            case 0x82:
                if (t.value.empty() || (t.value[0] != 0x01 && t.value[0] != 0x38)) fail(sw::WrongData);
                node->isDf = t.value[0] == 0x38, haveType = true;
                break;
            case 0x83:
                if (t.value.size() != 2) fail(sw::WrongData);
                node->fid = static_cast<std::uint16_t>((t.value[0] << 8) | t.value[1]), haveFid = true;
                break;
            case 0x84:
                node->aid.assign(t.value.begin(), t.value.end());
                break;
            case 0x88:
                if (t.value.size() == 1 && (t.value[0] >> 3) != 0) node->sfi = t.value[0] >> 3;
                break;
            case 0x8C:
                acl = t.value;
                break;
            case 0xA1:
                if (auto c = findTlv(parseTlvList(t.value), 0x8C)) acl = c->value;
                break;
            default:
                break;  // 8A, 9C (contactless rules) and proprietary tags are accepted and ignored
        }
        if (!acl.empty()) {
            try {
                node->acl = Acl::parse(acl);
                haveAcl = true;
            } catch (const std::invalid_argument&) {
                fail(sw::WrongData);
            }
        }
    }
    if (!haveFid || !haveAcl || !haveType || node->fid == 0x3F00 || node->fid == 0xFFFF) fail(sw::WrongData);
    if (!node->isDf && node->size > 0x7FFF) fail(sw::NotEnoughMemory);
    return node;
}

}  // namespace

ResponseApdu createFile(CommandContext& ctx, const CommandApdu& cmd) {
    if (cmd.p1() != 0x00 || cmd.p2() != 0x00) fail(sw::IncorrectP1P2);
    if (cmd.data().empty()) fail(sw::WrongLength);
    FileNode& df = ctx.currentDf();
    ctx.require(df, df.acl.scb(op::Create));
    auto node = parseFcp(cmd.data().view());
    if (df.child(node->fid)) fail(sw::FileAlreadyExists);
    if (node->sfi && !node->isDf)
        for (const auto& c : df.children)
            if (c->sfi == node->sfi) fail(sw::FileAlreadyExists);
    FileNode& created = df.addChild(std::move(node));
    if (created.isDf) {
        ctx.security.currentDf = &created;
        ctx.security.currentEf = nullptr;
    } else {
        ctx.security.currentEf = &created;
    }
    ctx.dirty = true;
    return ResponseApdu({}, sw::Ok);
}

ResponseApdu deleteFile(CommandContext& ctx, const CommandApdu& cmd) {
    if (cmd.p1() != 0x00 || cmd.p2() != 0x00) fail(sw::IncorrectP1P2);
    FileNode* file = nullptr;
    if (cmd.data().empty()) {
        file = ctx.security.currentEf ? ctx.security.currentEf : ctx.security.currentDf;
    } else {
        if (cmd.data().size() != 2) fail(sw::WrongLength);
        file = ctx.currentDf().child(static_cast<std::uint16_t>((cmd.data()[0] << 8) | cmd.data()[1]));
    }
    if (!file) fail(sw::FileNotFound);
    if (!file->parent) fail(sw::ConditionsNotSatisfied);  // the MF stays
    if (file->isDf && !file->children.empty()) fail(sw::ConditionsNotSatisfied);
    FileNode& parent = *file->parent;
    ctx.require(parent, file->acl.scb(op::Delete));
    if (file->isDf) {  // forget every reference into the deleted DF
        SecurityState& s = ctx.security;
        s.verifiedChvs.clear();
        s.authentication = s.signature = s.confidentiality = s.hash = MseTemplate{};
        s.smKeysetRef.reset();
        s.smKeysetDf = nullptr;
        s.sm.reset();
    }
    ctx.security.currentEf = nullptr;
    ctx.security.currentDf = &parent;
    for (auto it = parent.children.begin(); it != parent.children.end(); ++it)
        if (it->get() == file) {
            parent.children.erase(it);
            break;
        }
    ctx.dirty = true;
    return ResponseApdu({}, sw::Ok);
}

}  // namespace ias::vcard
