// card check [--repair]: what an interrupted administration (a card pulled while a key was generated, a
// certificate stored or deleted) left on the card, and its repair (docs/ias-tool.md, "card check").
#include <iostream>

#include "Commands.h"
#include "ExitCode.h"
#include "Session.h"

namespace ias::tool {

int runCard(const Args& args) {
    if (args.words().size() != 2 || args.words()[1] != "check")
        throw UsageError("card wants: check [--repair]");
    args.allowOnly({"repair"});
    const bool repair = args.flag("repair");
    Session session(args);
    const auto findings = session.card().checkAdministration(repair);
    bool left = false;
    for (const api::AdministrationFinding& f : findings) {
        std::cout << (f.interrupted() ? "interrupted: " : "leftover: ") << f.description
                  << (f.repaired ? " (repaired)" : "") << "\n";
        left |= !f.repaired;
    }
    if (findings.empty()) std::cout << "clean: nothing left by an interrupted administration\n";
    if (left) {
        std::cerr << "ias-tool: run \"ias-tool card check --repair\" to finish or remove it (needs the "
                     "administration keys)\n";
        return static_cast<int>(Exit::CardError);
    }
    return 0;
}

}  // namespace ias::tool
