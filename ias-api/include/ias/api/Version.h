#pragma once
// The version of the IAS-API library as built (the project's version). Asked at run time, so a program shows
// the version of the libias-api.so it really loaded, not the one it was compiled against.
#include <string>

namespace ias::api {

std::string libraryVersion();

}  // namespace ias::api
