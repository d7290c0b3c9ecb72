#pragma once
// One signature in progress in a session: the checked mechanism, the key, the data gathered so far (hashed by
// the module for hash-and-sign mechanisms) and whether a context-specific login authorised it.
#include <memory>
#include <optional>

#include "Cryptoki.h"
#include "Hashing.h"
#include "Mechanisms.h"
#include "TokenBackend.h"

namespace ias::p11 {

class SignOperation {
public:
    // Checks the mechanism against the key and its parameters; throws CkError (CKR_MECHANISM_INVALID,
    // CKR_MECHANISM_PARAM_INVALID, CKR_KEY_TYPE_INCONSISTENT, CKR_KEY_FUNCTION_NOT_PERMITTED).
    SignOperation(const CK_MECHANISM& mechanism, CK_OBJECT_HANDLE keyHandle, const PrivateKeyInfo& key,
                  bool protectedPath);

    CK_OBJECT_HANDLE keyHandle() const { return keyHandle_; }
    KeyRef keyRef() const { return keyRef_; }
    bool needsContextLogin() const { return alwaysAuthenticate_; }
    std::size_t signatureLength() const { return signatureLength_; }

    bool multipart = false;
    bool contextAuthorised = false;

    void update(ByteView data);
    // The request for the card, from everything given so far. Throws CKR_DATA_LEN_RANGE for bad input sizes.
    SignRequest finish();

private:
    const MechanismSpec* spec_;
    CK_OBJECT_HANDLE keyHandle_;
    KeyRef keyRef_;
    bool alwaysAuthenticate_;
    std::size_t signatureLength_;
    std::size_t modulusBytes_;
    std::optional<HashAlg> pssHash_;
    std::unique_ptr<Hasher> hasher_;
    Bytes data_;      // raw mechanisms: the input itself
    Bytes prepared_;  // what the card gets (kept alive for the SignRequest view)
};

}  // namespace ias::p11
