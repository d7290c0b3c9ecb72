#pragma once
// A card reader and the two slots it shows (authentication token, signature token). Its lock serialises
// everything that touches the card or the state of its tokens and sessions: both tokens share one card.
#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "CardConfirmation.h"
#include "Cryptoki.h"
#include "Locking.h"
#include "Session.h"
#include "Token.h"
#include "TokenBackend.h"

namespace ias::p11 {

// A card's tokens by role (TokenRole as index); null where the card has no such token.
using Tokens = std::array<std::unique_ptr<Token>, kTokenRoles>;

struct Reader {
    std::string name;
    std::array<CK_SLOT_ID, kTokenRoles> slotIds{};  // 0: a role this module does not show
    std::unique_ptr<Mutex> lock;

    // What the last look at the backend saw (written under the module lock, read under the reader lock).
    std::atomic<bool> observedPresent{false};
    std::atomic<std::uint64_t> observedInsertion{0};
    std::atomic<bool> readerAttached{true};

    // Under `lock`: the card as loaded for one insertion.
    bool loaded = false;
    std::uint64_t loadedInsertion = 0;
    std::uint64_t generation = 1;  // sessions of older generations are void
    std::shared_ptr<CardConnection> card;
    // Under `card` when that is a kept view another process confirmed (it sends through this connection).
    std::shared_ptr<CardConnection> cardBase;
    CardDescription description;
    // Reading ahead (docs/performance.md, "Browser start"): set while the tokens are shown from content
    // kept between processes and the card has not yet confirmed it (settled under `lock`, then null).
    // Objects, logins and signatures wait for it; slot, token and mechanism information does not.
    std::shared_ptr<CardConfirmation> confirmation;
    // The insertion whose kept content the card contradicted or could not confirm: read the ordinary way.
    std::uint64_t keptContentRefused = 0;
    // The confirmation replaced or removed the tokens shown: C_WaitForSlotEvent reports the reader's slots.
    std::atomic<bool> tokensReplaced{false};
    Tokens tokens;
    std::vector<std::weak_ptr<Session>> sessions;

    // C_WaitForSlotEvent told the application that this reader's card left or changed since the card was
    // loaded: its sessions then end the PKCS #11 way, never resumed on a card put back (CardReturn.cpp).
    std::atomic<bool> changeReported{false};

    // Under the module lock: what C_WaitForSlotEvent reported last, and events not yet reported.
    bool eventPresent = false;
    std::uint64_t eventInsertion = 0;
    std::array<bool, kTokenRoles> pendingEvent{};

    Token* token(TokenRole role) { return tokens[static_cast<std::size_t>(role)].get(); }
};

// RAII lock of a reader.
class ReaderLock {
public:
    explicit ReaderLock(Reader& r) : r_(r) { r_.lock->lock(); }
    ~ReaderLock() { r_.lock->unlock(); }
    ReaderLock(const ReaderLock&) = delete;
    ReaderLock& operator=(const ReaderLock&) = delete;

private:
    Reader& r_;
};

}  // namespace ias::p11
