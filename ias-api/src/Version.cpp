#include "ias/api/Version.h"

namespace ias::api {

std::string libraryVersion() {
    return IAS_API_VERSION;
}

}  // namespace ias::api
