#pragma once
// A session: its slot, token and flags, and the operations in progress. Guarded by its reader's lock.
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "Cryptoki.h"
#include "SignOperation.h"
#include "TokenBackend.h"

namespace ias::p11 {

struct Reader;

struct FindOperation {
    std::vector<CK_OBJECT_HANDLE> matches;
    std::size_t next = 0;
};

struct DecryptOperation {
    CK_OBJECT_HANDLE keyHandle = 0;
    KeyRef keyRef = 0;
    std::size_t modulusBytes = 0;
    bool alwaysAuthenticate = false;
    bool contextAuthorised = false;
    std::optional<SecureBuffer> plaintext;  // kept when the caller's buffer was too small
};

struct Session {
    CK_SESSION_HANDLE handle = 0;
    CK_SLOT_ID slot = 0;
    std::shared_ptr<Reader> reader;
    TokenRole role = TokenRole::Authentication;
    CK_FLAGS flags = 0;
    std::uint64_t generation = 0;  // the card insertion it belongs to
    // Read under the module lock as well: atomic. `removed`: its card went away, the next call says so once.
    std::atomic<bool> closed{false};
    std::atomic<bool> removed{false};

    std::optional<FindOperation> find;
    std::unique_ptr<SignOperation> sign;
    std::unique_ptr<DecryptOperation> decrypt;

    bool readWrite() const { return (flags & CKF_RW_SESSION) != 0; }
    void endOperations() {
        find.reset();
        sign.reset();
        decrypt.reset();
    }
};

}  // namespace ias::p11
