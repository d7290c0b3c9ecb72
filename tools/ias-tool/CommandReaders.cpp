// readers: one line per reader, "<name>\t<card|empty>"; exit 3 when there is none.
#include <iostream>

#include "Commands.h"
#include "ExitCode.h"
#include "ias/apdu/PcscTransport.h"

namespace ias::tool {

int runReaders(const Args& args) {
    args.allowOnly({});
    PcscContext context;
    const auto readers = context.listReaders();
    if (readers.empty()) throw ToolError(Exit::NoCard, "no smart-card reader found");
    for (const std::string& r : readers)
        std::cout << r << "\t" << (context.cardPresent(r) ? "card" : "empty") << "\n";
    return 0;
}

}  // namespace ias::tool
