#pragma once
// The one place that drives OpenSSL's DES-EDE-CBC (2-key 3DES, default provider). Both the 3DES-CBC
// primitive and the retail MAC (single DES as DES-EDE with K1 = K2) are built on it.
#include "ias/apdu/Bytes.h"
#include "ias/apdu/SecureBuffer.h"

namespace ias::sm::detail {

inline constexpr std::size_t kBlock = 8;

enum class Direction { Encrypt, Decrypt };

// `key16` = K1 || K2, `iv` empty (zero IV) or 8 bytes, `data` a multiple of 8 (may be empty). Throws
// SmCryptoError on bad sizes or an OpenSSL failure.
SecureBuffer desEdeCbc(ByteView key16, ByteView data, ByteView iv, Direction direction);

}  // namespace ias::sm::detail
