#include "DesEdeCbc.h"

#include <openssl/evp.h>

#include <array>
#include <climits>
#include <memory>

#include "ias/sm/SmCrypto.h"

namespace ias::sm::detail {

namespace {
struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }  // also cleanses the schedule
};
}  // namespace

SecureBuffer desEdeCbc(ByteView key16, ByteView data, ByteView iv, Direction direction) {
    if (key16.size() != 16) throw SmCryptoError("3DES key must be 16 bytes");
    if (!iv.empty() && iv.size() != kBlock) throw SmCryptoError("3DES IV must be 8 bytes");
    if (data.size() % kBlock != 0) throw SmCryptoError("3DES input is not a multiple of 8 bytes");
    if (data.size() > INT_MAX - kBlock) throw SmCryptoError("3DES input too long");

    SecureBuffer out(data.size());
    if (data.empty()) return out;

    std::array<std::uint8_t, kBlock> zeroIv{};
    const std::uint8_t* ivBytes = iv.empty() ? zeroIv.data() : iv.data();
    std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree> ctx(EVP_CIPHER_CTX_new());
    if (!ctx) throw SmCryptoError("EVP_CIPHER_CTX_new failed");
    const int enc = direction == Direction::Encrypt ? 1 : 0;
    if (EVP_CipherInit_ex2(ctx.get(), EVP_des_ede_cbc(), key16.data(), ivBytes, enc, nullptr) != 1)
        throw SmCryptoError("DES-EDE-CBC init failed");
    // Our callers pad (ISO 9797-1 method 2) themselves; OpenSSL's PKCS#7 padding must stay off.
    EVP_CIPHER_CTX_set_padding(ctx.get(), 0);

    out.resize(data.size());
    int written = 0;
    if (EVP_CipherUpdate(ctx.get(), out.data(), &written, data.data(), static_cast<int>(data.size())) != 1)
        throw SmCryptoError("DES-EDE-CBC failed");
    int tail = 0;
    if (EVP_CipherFinal_ex(ctx.get(), out.data() + written, &tail) != 1)
        throw SmCryptoError("DES-EDE-CBC final failed");
    if (static_cast<std::size_t>(written + tail) != data.size())
        throw SmCryptoError("DES-EDE-CBC short output");
    return out;
}

}  // namespace ias::sm::detail
