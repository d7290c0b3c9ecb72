#pragma once
// The module check runs the PKCS#11 module in a child process (`ias-diag --probe-module PATH`), so that a
// module that crashes or hangs at load cannot take the report with it. The child writes one line per event
// to stdout; the parent (ModuleCheck.cpp) reads them with a deadline:
//
//   step <name>                                  before each call (dlopen, C_GetFunctionList, C_Initialize …)
//   library <cryptoki version>\t<manufacturer>\t<description>\t<library version>
//   slot <id>\t<description>\t<token present 0|1>
//   token <slot id>\t<label>\t<serial>\t<flags in hex>
//   error <step>\t<message>                      then exit 3
//   done                                         then exit 0
#include <string>

namespace ias::diag {

// The child's side: loads `modulePath` and reports; returns the process's exit status (0 or 3).
int probeModule(const std::string& modulePath);

}  // namespace ias::diag
