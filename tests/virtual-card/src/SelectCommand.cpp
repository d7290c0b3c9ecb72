// SELECT (00 A4): the forms OpenSC's iasecc driver and our middleware use (ias-ecc-card-facts.md §2):
// P1 00 (FID, MF by 3F00 or no data), 01 (child DF), 02 (EF in the current DF), 03 (parent), 04 (DF name),
// 08 (path from the MF), 09 (path from the current DF); P2 00/04 answer the FCP, 0C answers nothing.
#include "vcard/Commands.h"
#include "vcard/FileSystem.h"
#include "vcard/StatusError.h"

namespace ias::vcard {
namespace {

std::uint16_t fidOf(ByteView data) {
    if (data.size() != 2) fail(sw::WrongLength);
    return static_cast<std::uint16_t>((data[0] << 8) | data[1]);
}

FileNode* selectByFid(CommandContext& ctx, ByteView data) {
    if (data.empty()) return &ctx.mf();
    const std::uint16_t fid = fidOf(data);
    if (fid == 0x3F00) return &ctx.mf();
    FileNode& df = ctx.currentDf();
    if (df.fid == fid) return &df;
    if (FileNode* child = df.child(fid)) return child;
    if (df.parent && df.parent->fid == fid) return df.parent;
    if (df.parent) return df.parent->child(fid);  // a sibling DF
    return nullptr;
}

FileNode* locate(CommandContext& ctx, const CommandApdu& cmd) {
    const ByteView data = cmd.data().view();
    switch (cmd.p1()) {
        case 0x00:
            return selectByFid(ctx, data);
        case 0x01: {
            FileNode* c = ctx.currentDf().child(fidOf(data));
            return c && c->isDf ? c : nullptr;
        }
        case 0x02: {
            FileNode* c = ctx.currentDf().child(fidOf(data));
            return c && !c->isDf ? c : nullptr;
        }
        case 0x03:
            if (!data.empty()) fail(sw::WrongLength);
            return ctx.currentDf().parent;
        case 0x04:
            if (data.empty() || data.size() > 16) fail(sw::WrongLength);
            return findByAid(ctx.mf(), data);
        case 0x08:
        case 0x09: {
            if (data.empty() || data.size() % 2) fail(sw::WrongLength);
            FileNode& start = cmd.p1() == 0x08 ? ctx.mf() : ctx.currentDf();
            ByteView path = data;
            if (cmd.p1() == 0x08 && path[0] == 0x3F && path[1] == 0x00) path = path.subspan(2);
            return path.empty() ? &start : followPath(start, path);
        }
        default:
            fail(sw::IncorrectP1P2);
    }
}

}  // namespace

ResponseApdu selectFile(CommandContext& ctx, const CommandApdu& cmd) {
    const std::uint8_t answer = cmd.p2() & 0x0C;
    if ((cmd.p2() & ~0x0C) != 0 || answer == 0x08) fail(sw::IncorrectP1P2);
    FileNode* file = locate(ctx, cmd);
    if (!file) fail(sw::FileNotFound);
    if (file->isDf) {
        ctx.security.currentDf = file;
        ctx.security.currentEf = nullptr;
    } else {
        ctx.security.currentDf = file->parent;
        ctx.security.currentEf = file;
    }
    if (answer == 0x0C) return ResponseApdu({}, sw::Ok);
    return ResponseApdu(buildFcp(*file), sw::Ok);
}

}  // namespace ias::vcard
