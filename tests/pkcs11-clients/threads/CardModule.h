#pragma once
// The production module (libias-pkcs11.so, named by IAS_PKCS11_MODULE) loaded with dlopen once per process
// and called only through its function list, as an application does; the few calls the card tests repeat.
#include <p11-kit/pkcs11.h>

#include <string>
#include <vector>

namespace ias::p11::cardtest {

using Bytes = std::vector<unsigned char>;

// The test PIN of the authentication token (docs/card-profile.md).
inline const std::string kAuthPin = "1234";
// The authentication key and its certificate (PrKDF/CDF ID 01).
inline constexpr unsigned char kAuthKeyId = 0x01;

// The function list of the module, or nullptr (the reason is in dlerror()).
CK_FUNCTION_LIST* cardModule();

class Cryptoki {
public:
    explicit Cryptoki(CK_FUNCTION_LIST* f) : f_(f) {}
    CK_FUNCTION_LIST* operator->() const { return f_; }

    // The slot of the card's authentication token (its slot description says so), or CK_INVALID_HANDLE.
    CK_SLOT_ID authenticationSlot() const;
    CK_RV openSession(CK_SLOT_ID slot, CK_SESSION_HANDLE& session) const;
    CK_RV login(CK_SESSION_HANDLE session, const std::string& pin) const;
    // The one object of that class and CKA_ID, or CK_INVALID_HANDLE when there is not exactly one.
    CK_OBJECT_HANDLE findOne(CK_SESSION_HANDLE session, CK_OBJECT_CLASS cls, unsigned char id) const;
    // The attribute's value (length query, then the value); empty when either call fails.
    Bytes attribute(CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type) const;
    // C_SignInit + C_Sign; the rv of the first call that fails.
    CK_RV sign(CK_SESSION_HANDLE session, CK_MECHANISM_TYPE mechanism, CK_OBJECT_HANDLE key,
               const Bytes& data, Bytes& signature) const;

private:
    CK_FUNCTION_LIST* f_;
};

}  // namespace ias::p11::cardtest
