#pragma once
// EF.DIR (2F00): the application templates (tag 61) of the card, ISO 7816-4 / PKCS#15 DIRRecord.
#include <vector>

#include "ias/api/Pkcs15Error.h"
#include "ias/api/Pkcs15Types.h"

namespace ias::api {

// A transparent EF.DIR: templates one after the other, then optional 00/FF filling. Throws Pkcs15Error.
std::vector<DirRecord> parseEfDir(ByteView file);
// One record of a record-structured EF.DIR: exactly one template.
DirRecord parseDirRecord(ByteView record);

}  // namespace ias::api
