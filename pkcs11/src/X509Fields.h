#pragma once
// The certificate fields Cryptoki repeats as attributes, taken from the DER with OpenSSL.
#include "ias/apdu/Bytes.h"

namespace ias::p11 {

struct X509Fields {
    Bytes subject;       // DER Name
    Bytes issuer;        // DER Name
    Bytes serialNumber;  // DER INTEGER (tag and length included)
};

// Empty fields when the DER is not a certificate OpenSSL accepts (the object is still listed).
X509Fields parseX509Fields(ByteView der);

}  // namespace ias::p11
