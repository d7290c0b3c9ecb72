#pragma once
// A Cryptoki return value thrown from inside the module; the C boundary turns it back into the CK_RV.
#include <exception>

#include "Cryptoki.h"

namespace ias::p11 {

class CkError : public std::exception {
public:
    explicit CkError(CK_RV rv) : rv_(rv) {}
    CK_RV rv() const { return rv_; }
    const char* what() const noexcept override { return "Cryptoki error"; }

private:
    CK_RV rv_;
};

[[noreturn]] inline void fail(CK_RV rv) {
    throw CkError(rv);
}

inline void require(bool condition, CK_RV rv) {
    if (!condition) fail(rv);
}

}  // namespace ias::p11
