#pragma once
// The module's real code (the C boundary, the core, and the ias-api card adapter IasCardConnection) over one
// reader holding the in-process virtual card, personalised once per process and made anew, in memory only,
// for every run. Each run meets the same card (PINs "1234" / "123456" / PUK "12345678", full tries) and no
// card state is ever written to a file. Linking this file gives the program the module's makeTokenBackend():
// the hostile-application fuzz target (tests/fuzz/fuzz_app.cpp) and the hostile-card harness
// (tests/hostile-card/) call the C_* functions directly.
#include <map>
#include <memory>
#include <string>

#include "Cryptoki.h"
#include "ias/apdu/Bytes.h"

namespace ias {
class CardEndpoint;
}
namespace ias::vcard {
class VirtualCard;
}
namespace ias::api {
class ContentCache;
class SmKeyStore;
}  // namespace ias::api

namespace ias::fuzz {

struct ModuleWorld {
    // Personalises a card (or takes IAS_FUZZ_CARD_DIR, a directory made by the personalise script) and keeps
    // what the runs need in memory. Throws when the card cannot be made.
    static ModuleWorld& instance();

    // The module's 3.0 function list (C_GetInterface), as an application gets it. Throws if it offers none.
    static CK_FUNCTION_LIST_3_0* functions();

    // A fresh card for the next run (the previous one, and everything the module knew of it, is gone).
    void freshCard();
    vcard::VirtualCard& card();

    // What the module's reader holds: the virtual card itself (null, the default), or an endpoint standing
    // in front of it (the hostile card). Read at every connection the module makes.
    CardEndpoint* endpoint = nullptr;

    // An RSA PKCS#1 v1.5 cryptogram of kCryptogramMessage under the authentication key, so that C_Decrypt
    // can succeed.
    static constexpr const char* kCryptogramMessage = "hostile application";
    Bytes authCryptogram;
    // The personalisation's certificates (DER), by the PKI's file names: "auth", "auth-ec", "sign",
    // "issuing-ca", "root-ca". The known answers of the card's content.
    std::map<std::string, Bytes> certificates;
    // The card's secure-messaging keys (the personalisation's ias-ecc.conf).
    std::shared_ptr<const api::SmKeyStore> smKeys;
    // The public-content cache of the process, as the production module keeps one across C_Finalize and
    // C_Initialize. A caller may put a new, empty one here to make the module read the card's content again.
    std::shared_ptr<api::ContentCache> cache;
    // Where the module keeps card content between "processes" (Card::Options::persistentCacheDir): none,
    // the default, or a directory of the caller's (the read-ahead tests).
    std::string persistentDir;

private:
    ModuleWorld();
    std::string stateText_;
    std::unique_ptr<vcard::VirtualCard> card_;
};

}  // namespace ias::fuzz
