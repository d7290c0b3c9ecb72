#pragma once
// The test bed's card, driven as another process would: scripts/testbed stop-card / start-card on the bed
// named by IAS_TESTBED_DIR (IAS_TESTBED_SCRIPT: the script). Each command waits until PC/SC sees the change.
#include <string>

namespace ias::p11::cardtest {

// Runs `scripts/testbed COMMAND DIR`; true when it succeeded.
bool testbed(const std::string& command);

}  // namespace ias::p11::cardtest
