#pragma once
// One token of a card as the module keeps it: the backend's description, its objects with their handles, the
// PIN state and the login state shared by all sessions of the token.
#include <atomic>
#include <optional>
#include <vector>

#include "Cryptoki.h"
#include "P11Object.h"
#include "RejectedPin.h"
#include "TokenBackend.h"

namespace ias::p11 {

enum class LoginState { Public, User, SecurityOfficer };

class Token {
public:
    // Object handles come from `nextHandle`, shared by the whole module so that no two objects share one.
    Token(TokenDescription description, std::atomic<CK_OBJECT_HANDLE>& nextHandle);

    TokenRole role() const { return description_.role; }
    const TokenDescription& description() const { return description_; }

    const std::vector<P11Object>& objects() const { return objects_; }
    // nullptr when there is no such object or it is hidden in the current login state.
    const P11Object* findVisible(CK_OBJECT_HANDLE handle) const;
    bool isVisible(const P11Object& object) const;
    const PrivateKeyInfo& privateKey(const P11Object& object) const;

    // PIN state, refreshed from the card after every PIN operation (never polled by C_GetTokenInfo).
    PinInfo userPin;
    std::optional<PinInfo> soPin;
    void refreshPins(CardConnection& card);
    // The card's retry counters, read once per insertion at the first C_GetTokenInfo (token flags
    // COUNT_LOW, FINAL_TRY, LOCKED), then kept up to date by refreshPins() after each PIN operation.
    bool countersRead = false;
    void readCounters(CardConnection& card);
    // The counters another Token object of the same card read (tries left, maximum, blocked).
    void takeCounters(const Token& other);
    // Counters unknown again (read at the next C_GetTokenInfo).
    void forgetCounters();

    LoginState login = LoginState::Public;
    RejectedPin rejectedUserPin;
    RejectedPin rejectedSoPin;
    std::optional<SecureBuffer> soPinValue;  // the PUK given at the SO login, for C_InitPIN; wiped at logout

    // Every mechanism some key of the token accepts, in the order of the mechanism table.
    std::vector<CK_MECHANISM_TYPE> mechanisms() const;
    // CKF_* token flags from the PIN state.
    CK_FLAGS flags() const;

private:
    void addObject(CK_OBJECT_CLASS cls, bool hidden, Attributes attributes,
                   std::optional<std::size_t> keyIndex, std::atomic<CK_OBJECT_HANDLE>& nextHandle);
    TokenDescription description_;
    std::vector<P11Object> objects_;
};

}  // namespace ias::p11
