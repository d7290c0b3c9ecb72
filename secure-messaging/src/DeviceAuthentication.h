#pragma once
// The two cryptograms of CWA 14890 MUTUAL AUTHENTICATE with static symmetric keys (facts §6 steps 4-5).
#include "ias/apdu/Bytes.h"
#include "ias/apdu/SecureBuffer.h"
#include "ias/sm/SmSession.h"

namespace ias::sm::detail {

inline constexpr std::size_t kRandomSize = 8;
inline constexpr std::size_t kSerialSize = 8;
inline constexpr std::size_t kKeyHalfSize = 32;
inline constexpr std::size_t kAuthPlainSize = 64;                    // RND || SN || RND || SN || K
inline constexpr std::size_t kAuthMessageSize = kAuthPlainSize + 8;  // E || MAC = 0x48

// E.IFD || M.IFD: E.IFD = 3DES-CBC(Kenc, RND.IFD || SN.IFD || RND.ICC || SN.ICC || K.IFD), M.IFD = retail
// MAC(Kmac, pad(E.IFD)).
Bytes terminalCryptogram(const Keyset& keys, ByteView rndIfd, ByteView snIfd, ByteView rndIcc, ByteView snIcc,
                         ByteView kIfd);

// Checks the card's E.ICC || M.ICC: the MAC first (nothing is decrypted under a wrong key), then that it
// holds RND.ICC || SN.ICC || RND.IFD || SN.IFD as expected. Returns K.ICC. Throws
// SmError(AuthenticationFailed).
SecureBuffer acceptCardCryptogram(const Keyset& keys, ByteView answer, ByteView rndIcc, ByteView snIcc,
                                  ByteView rndIfd, ByteView snIfd);

}  // namespace ias::sm::detail
