#pragma once
// The pieces of the hostile-application fuzz target (fuzz_app.cpp) that are not the program itself: the input
// as a byte stream, guarded output buffers, the value tables the arguments index, an application's mutex
// callbacks, and the abort on a broken invariant.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "Cryptoki.h"

namespace ias::fuzz {

constexpr std::size_t kGuard = 16;
constexpr std::uint8_t kGuardByte = 0xA5;

[[noreturn]] inline void violation(const std::string& what) {
    std::fprintf(stderr, "hostile application: INVARIANT VIOLATED: %s\n", what.c_str());
    std::abort();  // the harness's own finding: libFuzzer records the input
}

// The input as a stream of bytes; past the end, zeros.
class Input {
public:
    Input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    bool done() const { return pos_ >= size_; }
    std::uint8_t u8() { return pos_ < size_ ? data_[pos_++] : 0; }
    std::uint16_t u16() {
        const std::uint16_t low = u8();
        return static_cast<std::uint16_t>(low | (u8() << 8));
    }
    std::uint32_t u32() {
        const std::uint32_t low = u16();
        return low | (static_cast<std::uint32_t>(u16()) << 16);
    }
    std::vector<std::uint8_t> bytes(std::size_t n) {
        std::vector<std::uint8_t> out(n);
        for (auto& b : out) b = u8();
        return out;
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

// A buffer of exactly `len` bytes (NULL when absent) followed by guard bytes the module must not touch.
class Guarded {
public:
    Guarded() = default;
    explicit Guarded(std::size_t len) : len_(len), mem_(new std::uint8_t[len + kGuard]) {
        std::memset(mem_.get(), 0, len);
        std::memset(mem_.get() + len, kGuardByte, kGuard);
    }
    std::uint8_t* data() { return mem_.get(); }
    std::size_t size() const { return len_; }
    void check(const char* what) const {
        if (!mem_) return;
        for (std::size_t i = 0; i < kGuard; ++i)
            if (mem_[len_ + i] != kGuardByte)
                violation(std::string(what) + " wrote past the " + std::to_string(len_) +
                          "-byte buffer it was given");
    }

private:
    std::size_t len_ = 0;
    std::unique_ptr<std::uint8_t[]> mem_;
};

inline const CK_MECHANISM_TYPE kMechanisms[] = {
    CKM_RSA_PKCS,
    CKM_SHA1_RSA_PKCS,
    CKM_SHA256_RSA_PKCS,
    CKM_SHA384_RSA_PKCS,
    CKM_SHA512_RSA_PKCS,
    CKM_SHA224_RSA_PKCS,
    CKM_RSA_PKCS_PSS,
    CKM_SHA1_RSA_PKCS_PSS,
    CKM_SHA256_RSA_PKCS_PSS,
    CKM_SHA384_RSA_PKCS_PSS,
    CKM_SHA512_RSA_PKCS_PSS,
    CKM_ECDSA,
    CKM_ECDSA_SHA1,
    CKM_ECDSA_SHA256,
    CKM_ECDSA_SHA384,
    CKM_ECDSA_SHA512,
    CKM_RSA_X_509,
    CKM_RSA_PKCS_OAEP,
    CKM_SHA256,
    CKM_AES_CBC,
};
constexpr std::size_t kMechanismCount = sizeof kMechanisms / sizeof kMechanisms[0];  // + 1: 4 raw bytes

inline const CK_ATTRIBUTE_TYPE kAttributes[] = {
    CKA_CLASS,
    CKA_ID,
    CKA_LABEL,
    CKA_TOKEN,
    CKA_PRIVATE,
    CKA_KEY_TYPE,
    CKA_SIGN,
    CKA_DECRYPT,
    CKA_CERTIFICATE_TYPE,
    CKA_MODULUS,
    CKA_VALUE,
    CKA_ALWAYS_AUTHENTICATE,
    CKA_EC_POINT,
    CKA_CERTIFICATE_CATEGORY,
    CKA_MODULUS_BITS,
    CKA_PUBLIC_EXPONENT,
    CKA_SUBJECT,
    CKA_ISSUER,
    CKA_SERIAL_NUMBER,
    CKA_PRIVATE_EXPONENT,
    CKA_EC_PARAMS,
    CKA_ALLOWED_MECHANISMS,
    CKA_WRAP_TEMPLATE,
    CKA_SENSITIVE,
    CKA_EXTRACTABLE,
    CKA_LOCAL,
    CKA_NEVER_EXTRACTABLE,
    CKA_ALWAYS_SENSITIVE,
    CKA_KEY_GEN_MECHANISM,
    CKA_MODIFIABLE,
    CKA_TRUSTED,
    CKA_START_DATE,
    CKA_CHECK_VALUE,
    CKA_URL,
    CKA_VERIFY,
};
constexpr std::size_t kAttributeCount = sizeof kAttributes / sizeof kAttributes[0];  // + 1: 4 raw bytes

inline const char* const kCardPins[] = {"1234", "123456", "12345678"};

// Mutex callbacks of an application that brings its own (C_Initialize with CK_C_INITIALIZE_ARGS).
inline CK_RV createMutex(CK_VOID_PTR_PTR m) {
    *m = new std::mutex;
    return CKR_OK;
}
inline CK_RV destroyMutex(CK_VOID_PTR m) {
    delete static_cast<std::mutex*>(m);
    return CKR_OK;
}
inline CK_RV lockMutex(CK_VOID_PTR m) {
    static_cast<std::mutex*>(m)->lock();
    return CKR_OK;
}
inline CK_RV unlockMutex(CK_VOID_PTR m) {
    static_cast<std::mutex*>(m)->unlock();
    return CKR_OK;
}

}  // namespace ias::fuzz
