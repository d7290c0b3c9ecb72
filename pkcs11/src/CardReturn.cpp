// A card put back, or found again after pcscd restarted, while the application was not looking.
//
// Long-lived clients that open one session and keep it for hours (ssh-agent's PKCS #11 helper, a screen
// locker) never poll slots: they learn of a removal only through a failed call, and then most of them never
// open a session again (OpenSSH keeps the dead handle until the user removes and re-adds the module). When
// the card left and came back without the application being told (no C_WaitForSlotEvent reported it, no
// call of its found the card missing), the application cannot tell that from a reset of the card by another
// process, which the module already handles: the tokens, handles and sessions go on, the login state stays
// as the application set it, and the card, which forgot the PIN, asks for it again at the next signature
// (CKR_USER_NOT_LOGGED_IN, or the PIN-pad or the module's dialog where the token has a protected
// authentication path). No PIN is kept across the removal: the new connection has an empty PIN cache.
//
// Only the same card resumes: its whole description (serial, PKCS #15 content, keys, certificates) must
// equal the one the sessions were built on; another card, or this card with other content, is the ordinary
// removal (CKR_DEVICE_REMOVED, new handles, a slot event).
#include <algorithm>
#include <exception>
#include <optional>

#include "Module.h"
#include "ModuleLog.h"

namespace ias::p11 {

bool Module::resumeSameCard(Reader& reader) {
    if (!reader.loaded || reader.changeReported || reader.confirmation) return false;
    const bool sessionsLive = std::any_of(reader.sessions.begin(), reader.sessions.end(), [](const auto& w) {
        auto s = w.lock();
        return s && !s->closed && !s->removed;
    });
    if (!sessionsLive) return false;  // nothing to keep: the ordinary load is as good and may read ahead
    ReaderStatus status;
    std::shared_ptr<CardConnection> card;
    CardDescription description;
    try {
        const auto look = [&]() -> std::optional<ReaderStatus> {
            for (const ReaderStatus& r : backend_->readers())
                if (r.name == reader.name) return r;
            return std::nullopt;
        };
        // After a pcscd restart the first look only finds the old PC/SC context dead (an empty list); the
        // second one runs on a new context.
        std::optional<ReaderStatus> seen = look();
        if (!seen) seen = look();
        if (!seen || !seen->cardPresent) return false;
        status = *seen;
        card = backend_->connect(reader.name);
        description = card->describe();
        if (!(description == reader.description)) return false;
        // The PIN rules as this connection sees them (a protected path, say); the retry counters may have
        // moved while the card was out (another computer): asked again at the next C_GetTokenInfo.
        for (auto& token : reader.tokens)
            if (token) {
                token->refreshPins(*card);
                token->forgetCounters();
            }
    } catch (const std::exception&) {
        return false;  // gone again, or unreadable: the ordinary removal
    }
    reader.card = std::move(card);
    reader.cardBase.reset();
    reader.loadedInsertion = status.insertion;
    reader.observedPresent = true;
    reader.observedInsertion = status.insertion;
    logLine("card in " + reader.name +
            " is back (the same card; the application was not told it left): its sessions go on, and the "
            "card asks for its PIN again");
    return true;
}

}  // namespace ias::p11
