// MUTUAL AUTHENTICATE (00 82 00 00 48 E||MAC): opens a CWA 14890 SM session with the keyset named by the
// preceding MSE SET C1 A4 and the challenge of the preceding GET CHALLENGE (ias-ecc-card-facts.md §6).
// The cryptography is CardSmSession's (CardSm.h).
#include "vcard/Commands.h"
#include "vcard/FileSystem.h"
#include "vcard/StatusError.h"

namespace ias::vcard {

ResponseApdu mutualAuthenticate(CommandContext& ctx, const CommandApdu& cmd) {
    if (cmd.p1() != 0x00 || cmd.p2() != 0x00) fail(sw::IncorrectP1P2);
    if (cmd.data().size() != 0x48) fail(sw::WrongLength);
    SecurityState& s = ctx.security;
    const Bytes challenge = std::move(s.challenge);  // a challenge serves one attempt only
    s.challenge.clear();
    if (!s.smKeysetRef || !s.smKeysetDf || challenge.size() != 8) fail(sw::ConditionsNotSatisfied);
    FileNode* where = const_cast<FileNode*>(s.smKeysetDf);
    Keyset* keyset = findKeyset(*where, *s.smKeysetRef, &where);
    if (!keyset) fail(sw::ReferencedDataNotFound);
    ctx.require(*where, keyset->acl.scb(op::KeysetMutualAuth));
    const SmKeyset keys{keyset->enc, keyset->mac};
    const SmKdf kdf = *s.smAlgorithm == 0x8C ? SmKdf::Sha256 : SmKdf::Sha1;
    try {
        auto [session, answer] =
            CardSmSession::mutualAuthenticate(cmd.data().view(), challenge, ctx.card.snIcc(), keys, kdf);
        s.sm.emplace(SmState{std::move(session), keyset->ref, where});
        return ResponseApdu(std::move(answer), sw::Ok);
    } catch (const SmError& e) {
        fail(e.sw());
    }
}

}  // namespace ias::vcard
