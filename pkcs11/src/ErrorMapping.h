#pragma once
// The one place where errors become CK_RV values.
#include "Cryptoki.h"
#include "TokenBackend.h"

namespace ias::p11 {

// The Cryptoki function an error ends: PKCS #11 3.0 lists different return values for each (a cryptogram the
// card refuses is CKR_ENCRYPTED_DATA_INVALID in C_Decrypt, data it refuses CKR_DATA_INVALID in C_Sign; a PIN
// that cannot be the card's is CKR_PIN_INCORRECT in C_Login, CKR_PIN_LEN_RANGE for the new PIN of C_SetPIN).
enum class CkFunction {
    Other,
    Login,     // C_Login, C_LoginUser
    SetPin,    // C_SetPIN
    InitPin,   // C_InitPIN
    Sign,      // C_Sign
    SignPart,  // C_SignUpdate, C_SignFinal (the module hashes: the card never sees the application's data)
    Decrypt,   // C_Decrypt
};

CK_RV toCkRv(BackendErrc code, CkFunction function = CkFunction::Other);

// To be called inside a catch (...) block: maps the exception being handled.
CK_RV currentExceptionToCkRv(CkFunction function = CkFunction::Other) noexcept;

}  // namespace ias::p11
