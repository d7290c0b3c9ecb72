#pragma once
// The world of the hostile-application fuzz target (fuzz_app.cpp): the module's real code (the C boundary,
// the core, and the ias-api card adapter IasCardConnection) over one reader holding the in-process virtual
// card, personalised once per process and made anew, in memory only, for every input. So each input meets
// the same card (PINs "1234" / "123456" / PUK "12345678", full tries) and no card state is ever written to
// a file.
#include <memory>
#include <string>

#include "ias/apdu/Bytes.h"

namespace ias::vcard {
class VirtualCard;
}
namespace ias::api {
class ContentCache;
class SmKeyStore;
}  // namespace ias::api

namespace ias::fuzz {

struct AppFuzzWorld {
    // Personalises a card (or takes IAS_FUZZ_CARD_DIR, a directory made by the personalise script) and keeps
    // what the inputs need in memory. Throws when the card cannot be made.
    static AppFuzzWorld& instance();

    // A fresh card for the next input (the previous one, and everything the module knew of it, is gone).
    void freshCard();
    vcard::VirtualCard& card();

    // An RSA PKCS#1 v1.5 cryptogram of a short message under the authentication key, so that C_Decrypt
    // can succeed.
    Bytes authCryptogram;
    // The card's secure-messaging keys (the personalisation's ias-ecc.conf).
    std::shared_ptr<const api::SmKeyStore> smKeys;
    // The public-content cache of the process, as the production module keeps one across C_Finalize and
    // C_Initialize. The target fills it once before the first input (the card's public content never
    // changes), so every input meets the same warm cache and spends its time in the module, not in
    // re-reading certificates.
    std::shared_ptr<api::ContentCache> cache;

private:
    AppFuzzWorld();
    std::string stateText_;
    std::unique_ptr<vcard::VirtualCard> card_;
};

}  // namespace ias::fuzz
