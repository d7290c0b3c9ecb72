// READ BINARY (00 B0) and UPDATE BINARY (00 D6) on transparent EFs: by the current EF (15-bit offset in
// P1-P2) or by short EF identifier (P1 = 80|SFI, offset in P2), which also makes that EF current.
#include <algorithm>

#include "vcard/Commands.h"
#include "vcard/FileSystem.h"
#include "vcard/StatusError.h"

namespace ias::vcard {
namespace {

struct Target {
    FileNode* file;
    std::size_t offset;
};

Target target(CommandContext& ctx, const CommandApdu& cmd) {
    if (cmd.p1() & 0x80) {
        if (cmd.p1() & 0x60) fail(sw::IncorrectP1P2);
        FileNode* ef = findBySfi(ctx.currentDf(), cmd.p1() & 0x1F);
        if (!ef) fail(sw::FileNotFound);
        ctx.security.currentEf = ef;
        ctx.security.currentDf = ef->parent;
        return {ef, cmd.p2()};
    }
    if (!ctx.security.currentEf) fail(sw::CommandNotAllowedNoEf);
    return {ctx.security.currentEf, (std::size_t{cmd.p1()} << 8) | cmd.p2()};
}

}  // namespace

ResponseApdu readBinary(CommandContext& ctx, const CommandApdu& cmd) {
    if (!cmd.data().empty() || !cmd.le()) fail(sw::WrongLength);
    const Target t = target(ctx, cmd);
    ctx.require(*t.file->parent, t.file->acl.scb(op::Read));
    if (t.offset >= t.file->size) fail(sw::WrongP1P2);
    const std::size_t le = *cmd.le();
    const std::size_t n = std::min(le, t.file->size - t.offset);
    Bytes out(n, 0x00);  // bytes never written read as 00
    for (std::size_t i = 0; i < n && t.offset + i < t.file->data.size(); ++i)
        out[i] = t.file->data[t.offset + i];
    const bool wildcard = le == 256 || le == 65536;  // Le 00: "as much as there is"
    return ResponseApdu(std::move(out), n < le && !wildcard ? sw::EndOfFile : sw::Ok);
}

ResponseApdu updateBinary(CommandContext& ctx, const CommandApdu& cmd) {
    if (cmd.data().empty()) fail(sw::WrongLength);
    const Target t = target(ctx, cmd);
    ctx.require(*t.file->parent, t.file->acl.scb(op::Update));
    const ByteView data = cmd.data().view();
    if (t.offset > t.file->size) fail(sw::WrongP1P2);
    if (t.offset + data.size() > t.file->size) fail(sw::NotEnoughMemory);
    Bytes& content = t.file->data;
    if (content.size() < t.offset + data.size()) content.resize(t.offset + data.size(), 0x00);
    std::copy(data.begin(), data.end(), content.begin() + static_cast<std::ptrdiff_t>(t.offset));
    ctx.dirty = true;
    return ResponseApdu({}, sw::Ok);
}

}  // namespace ias::vcard
