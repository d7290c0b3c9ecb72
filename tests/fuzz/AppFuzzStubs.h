#pragma once
// Every stub of the module (PKCS #11 2.40 and 3.0 functions it does not offer), callable by number with
// plausible arguments: the hostile-application fuzz target checks that each answers
// CKR_FUNCTION_NOT_SUPPORTED after the session check.
#include <cstddef>
#include <functional>

#include "Cryptoki.h"

namespace ias::fuzz {

inline constexpr std::size_t kStubCount = 54;

// Calls stub `which` (< kStubCount) on session `s`, object or key `o`.
inline CK_RV callStub(CK_FUNCTION_LIST_3_0* f, std::size_t which, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE o) {
    CK_MECHANISM m{CKM_SHA256, nullptr, 0};
    CK_BYTE b[64] = {};
    CK_ULONG n = sizeof b;
    CK_OBJECT_HANDLE h = 0, h2 = 0;
    const std::function<CK_RV()> stubs[] = {
        [&] { return f->C_DigestInit(s, &m); },
        [&] { return f->C_Digest(s, b, 8, b, &n); },
        [&] { return f->C_DigestUpdate(s, b, 8); },
        [&] { return f->C_DigestKey(s, o); },
        [&] { return f->C_DigestFinal(s, b, &n); },
        [&] { return f->C_EncryptInit(s, &m, o); },
        [&] { return f->C_Encrypt(s, b, 8, b, &n); },
        [&] { return f->C_EncryptUpdate(s, b, 8, b, &n); },
        [&] { return f->C_EncryptFinal(s, b, &n); },
        [&] { return f->C_DecryptUpdate(s, b, 8, b, &n); },
        [&] { return f->C_DecryptFinal(s, b, &n); },
        [&] { return f->C_SignRecoverInit(s, &m, o); },
        [&] { return f->C_SignRecover(s, b, 8, b, &n); },
        [&] { return f->C_VerifyInit(s, &m, o); },
        [&] { return f->C_Verify(s, b, 8, b, 8); },
        [&] { return f->C_VerifyUpdate(s, b, 8); },
        [&] { return f->C_VerifyFinal(s, b, 8); },
        [&] { return f->C_VerifyRecoverInit(s, &m, o); },
        [&] { return f->C_VerifyRecover(s, b, 8, b, &n); },
        [&] { return f->C_DigestEncryptUpdate(s, b, 8, b, &n); },
        [&] { return f->C_DecryptDigestUpdate(s, b, 8, b, &n); },
        [&] { return f->C_SignEncryptUpdate(s, b, 8, b, &n); },
        [&] { return f->C_DecryptVerifyUpdate(s, b, 8, b, &n); },
        [&] { return f->C_GenerateKey(s, &m, nullptr, 0, &h); },
        [&] { return f->C_GenerateKeyPair(s, &m, nullptr, 0, nullptr, 0, &h, &h2); },
        [&] { return f->C_WrapKey(s, &m, o, o, b, &n); },
        [&] { return f->C_UnwrapKey(s, &m, o, b, 8, nullptr, 0, &h); },
        [&] { return f->C_DeriveKey(s, &m, o, nullptr, 0, &h); },
        [&] { return f->C_CreateObject(s, nullptr, 0, &h); },
        [&] { return f->C_CopyObject(s, o, nullptr, 0, &h); },
        [&] { return f->C_DestroyObject(s, o); },
        [&] { return f->C_SetAttributeValue(s, o, nullptr, 0); },
        [&] { return f->C_GetOperationState(s, b, &n); },
        [&] { return f->C_SetOperationState(s, b, 8, 0, 0); },
        [&] { return f->C_MessageEncryptInit(s, &m, o); },
        [&] { return f->C_EncryptMessage(s, nullptr, 0, nullptr, 0, b, 8, b, &n); },
        [&] { return f->C_EncryptMessageBegin(s, nullptr, 0, nullptr, 0); },
        [&] { return f->C_EncryptMessageNext(s, nullptr, 0, b, 8, b, &n, 0); },
        [&] { return f->C_MessageEncryptFinal(s); },
        [&] { return f->C_MessageDecryptInit(s, &m, o); },
        [&] { return f->C_DecryptMessage(s, nullptr, 0, nullptr, 0, b, 8, b, &n); },
        [&] { return f->C_DecryptMessageBegin(s, nullptr, 0, nullptr, 0); },
        [&] { return f->C_DecryptMessageNext(s, nullptr, 0, b, 8, b, &n, 0); },
        [&] { return f->C_MessageDecryptFinal(s); },
        [&] { return f->C_MessageSignInit(s, &m, o); },
        [&] { return f->C_SignMessage(s, nullptr, 0, b, 8, b, &n); },
        [&] { return f->C_SignMessageBegin(s, nullptr, 0); },
        [&] { return f->C_SignMessageNext(s, nullptr, 0, b, 8, b, &n); },
        [&] { return f->C_MessageSignFinal(s); },
        [&] { return f->C_MessageVerifyInit(s, &m, o); },
        [&] { return f->C_VerifyMessage(s, nullptr, 0, b, 8, b, 8); },
        [&] { return f->C_VerifyMessageBegin(s, nullptr, 0); },
        [&] { return f->C_VerifyMessageNext(s, nullptr, 0, b, 8, b, 8); },
        [&] { return f->C_MessageVerifyFinal(s); },
    };
    static_assert(sizeof stubs / sizeof stubs[0] == kStubCount);
    return stubs[which % kStubCount]();
}

}  // namespace ias::fuzz
