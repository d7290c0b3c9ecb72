// libFuzzer target "hostile_card": the hostile card at random. Each input picks one browser flow and up to
// eight broken answers (which command, which fault of HostileCard.h), then runs the flow through the
// module's real code against the in-process virtual card behind the hostile card, and the faithful start
// and TLS signature after it (tests/hostile-card/HostileFlows.h). Any violation of what HostileFlows.h
// checks (a code PKCS #11 3.0 does not give for a card fault, a failure the module did not log, a wrong
// signature, certificate or plaintext returned as CKR_OK, a loop past the hang guard, a failed C_Finalize,
// a faithful run after it that fails) aborts, with the case printed; AddressSanitizer,
// UndefinedBehaviorSanitizer and LeakSanitizer catch the rest.
// Input: byte 0 % flows = the flow; then pairs (command byte % 64, fault byte % faults the module must
// see), at most eight.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "HostileFlows.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ias::hostile;
    if (size == 0) return 0;
    const auto flow = static_cast<Flow>(data[0] % static_cast<int>(Flow::Count));
    std::vector<PlannedFault> plan;
    for (std::size_t i = 1; i + 1 < size && plan.size() < 8; i += 2)
        plan.push_back({static_cast<std::size_t>(data[i] % 64),
                        static_cast<Fault>(data[i + 1] % static_cast<int>(Fault::PlainDataFlipped))});
    const RunResult r = runFlow(flow, plan);
    if (r.violations.empty()) return 0;
    std::fprintf(stderr, "hostile card finding, flow %s:", flowName(flow).c_str());
    for (const PlannedFault& p : plan)
        std::fprintf(stderr, " [command %zu: %s]", p.command, faultName(p.fault).c_str());
    std::fprintf(stderr, "\n");
    for (const std::string& v : r.violations) std::fprintf(stderr, "  %s\n", v.c_str());
    for (const std::string& line : lastLog()) std::fprintf(stderr, "  log: %s\n", line.c_str());
    std::abort();
}
