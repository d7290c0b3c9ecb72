#include "ias/api/Pkcs15Error.h"

#include <utility>

namespace ias::api {

Pkcs15Error::Pkcs15Error(std::string file, std::string reason)
    : std::runtime_error(file + ": " + reason), file_(std::move(file)), reason_(std::move(reason)) {}

}  // namespace ias::api
