// apdu HEX…: raw APDUs in one card transaction, traced (redacted) to stderr; each answer on stdout as
// "<data hex> <SW>" (61xx is followed with GET RESPONSE). The exit code does not judge the status words.
#include <iostream>

#include "Commands.h"
#include "ExitCode.h"
#include "Session.h"

namespace ias::tool {

int runApdu(const Args& args) {
    args.allowOnly({});
    if (args.words().size() < 2) throw UsageError("apdu wants at least one APDU in hex (00A4000C023F00)");
    std::vector<CommandApdu> commands;
    for (std::size_t i = 1; i < args.words().size(); ++i) {
        try {
            commands.push_back(CommandApdu::parse(fromHex(args.words()[i])));
        } catch (const std::exception& e) {
            throw UsageError("not an APDU: \"" + args.words()[i] + "\" (" + e.what() + ")");
        }
    }
    Session session(args);
    traceToStderr(session.transport());
    Transaction transaction(session.transport());
    for (const CommandApdu& c : commands) {
        const ResponseApdu r = session.transport().transmit(c);
        std::cout << (r.data().empty() ? "" : toHex(r.data()) + " ") << r.sw().toString() << "\n";
    }
    return 0;
}

}  // namespace ias::tool
