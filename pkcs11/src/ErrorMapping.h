#pragma once
// The one place where errors become CK_RV values.
#include "Cryptoki.h"
#include "TokenBackend.h"

namespace ias::p11 {

CK_RV toCkRv(BackendErrc code);

// To be called inside a catch (...) block: maps the exception being handled.
CK_RV currentExceptionToCkRv() noexcept;

}  // namespace ias::p11
