#include "Session.h"

#include <iostream>

#include "ExitCode.h"

namespace ias::tool {
namespace {

std::string chooseReader(const PcscContext& context, const std::optional<std::string>& wanted) {
    const std::vector<std::string> readers = context.listReaders();
    if (readers.empty()) throw ToolError(Exit::NoCard, "no smart-card reader found");
    if (wanted) {
        // The exact name, else the one reader whose name contains it.
        std::vector<std::string> matches;
        for (const std::string& r : readers) {
            if (r == *wanted) return r;
            if (r.find(*wanted) != std::string::npos) matches.push_back(r);
        }
        if (matches.empty()) throw ToolError(Exit::NoCard, "no reader named \"" + *wanted + "\"");
        if (matches.size() > 1) throw UsageError("\"" + *wanted + "\" names several readers; say which");
        return matches.front();
    }
    for (const std::string& r : readers)
        if (context.cardPresent(r)) return r;
    throw ToolError(Exit::NoCard, "no card in any reader");
}

}  // namespace

Session::Session(const Args& args) {
    const std::string reader = chooseReader(context_, args.value("reader"));
    if (!context_.cardPresent(reader)) throw ToolError(Exit::NoCard, "no card in reader \"" + reader + "\"");
    transport_ = std::make_unique<PcscTransport>(context_, reader);
    if (args.flag("trace")) traceToStderr(*transport_);
    card_ = std::make_unique<api::Card>(*transport_);
}

void traceToStderr(Transport& transport) {
    transport.setTrace([](const std::string& line) { std::cerr << programName() << ": " << line << "\n"; });
}

}  // namespace ias::tool
