#pragma once
// Cryptographic primitives of CWA 14890 secure messaging as IAS-ECC uses them: 2-key 3DES-CBC with a zero
// IV, ISO/IEC 9797-1 padding method 2, the ISO/IEC 9797-1 MAC algorithm 3 ("retail MAC") and the session
// key derivation from K.IFD xor K.ICC. Keys and plaintexts are SecureBuffers.
#include <stdexcept>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/SecureBuffer.h"

namespace ias::sm {

enum class KdfHash { Sha1, Sha256 };

// ISO/IEC 9797-1 padding method 2: 80 then 00 up to a multiple of 8 (always at least one byte).
SecureBuffer pad(ByteView data);
// Removes method-2 padding; throws SmCryptoError when it is malformed.
SecureBuffer unpad(ByteView data);

// 2-key 3DES (16-byte key) in CBC mode with IV 0 (or `iv`); input length must be a multiple of 8.
SecureBuffer des3CbcEncrypt(ByteView key16, ByteView data, ByteView iv = {});
SecureBuffer des3CbcDecrypt(ByteView key16, ByteView data, ByteView iv = {});

// ISO/IEC 9797-1 MAC algorithm 3 with DES, initial vector 0, over `data` which the caller has already padded
// (a non-empty multiple of 8). Returns 8 bytes. Single DES lives in OpenSSL 3's legacy provider, so the
// DES steps run as DES-EDE with K1 = K2 (identical to single DES) in the default provider.
Bytes retailMac(ByteView key16, ByteView paddedData);

struct SessionKeys {
    SecureBuffer enc;  // 16 bytes
    SecureBuffer mac;  // 16 bytes
};
// Kenc = first 16 bytes of H(Kifd xor Kicc || 00000001), Kmac likewise with 00000002. DES parity is not
// adjusted (parity bits are ignored by DES). kIfd and kIcc are 32 bytes each.
SessionKeys deriveSessionKeys(ByteView kIfd, ByteView kIcc, KdfHash hash);

// Constant-time comparison of two MACs.
bool macEquals(ByteView a, ByteView b);

class SmCryptoError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace ias::sm
