// 2-key 3DES-CBC as CWA 14890 uses it for the MUTUAL AUTHENTICATE cryptograms and DO87/DO85.
#include "DesEdeCbc.h"
#include "ias/sm/SmCrypto.h"

namespace ias::sm {

SecureBuffer des3CbcEncrypt(ByteView key16, ByteView data, ByteView iv) {
    return detail::desEdeCbc(key16, data, iv, detail::Direction::Encrypt);
}

SecureBuffer des3CbcDecrypt(ByteView key16, ByteView data, ByteView iv) {
    return detail::desEdeCbc(key16, data, iv, detail::Direction::Decrypt);
}

}  // namespace ias::sm
