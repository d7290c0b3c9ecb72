#pragma once
// One card for one command: the PC/SC context, the reader (--reader NAME, else the first reader with a
// card), its transport (APDUs traced to stderr with --trace) and the ias::api::Card over it.
#include <memory>
#include <string>

#include "Args.h"
#include "ias/apdu/PcscTransport.h"
#include "ias/api/Card.h"

namespace ias::tool {

class Session {
public:
    explicit Session(const Args& args);
    api::Card& card() { return *card_; }
    PcscTransport& transport() { return *transport_; }
    const std::string& reader() const { return transport_->reader(); }

private:
    PcscContext context_;
    std::unique_ptr<PcscTransport> transport_;
    std::unique_ptr<api::Card> card_;
};

// Prints trace lines to stderr ("ias-tool: > 00 A4 …", with the program's name); the lines come redacted from
// the transport.
void traceToStderr(Transport& transport);

}  // namespace ias::tool
