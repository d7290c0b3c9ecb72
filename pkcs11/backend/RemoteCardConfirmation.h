#pragma once
// The module's side of ias-card-confirm (pkcs11/confirm/): the helper process is started with the reader and
// the insertion the module loaded, confirms the card's kept content exactly as the module's own
// confirmation does (IasCardConnection::describe()), and answers one line on its stdout:
//   "confirmed insertion=<n> digest=<descriptionDigest>"   or   "failed <why>"
#include <cstdint>
#include <memory>
#include <string>

#include "HelperProcess.h"
#include "TokenBackend.h"

namespace ias::p11 {

// The helper program: IAS_ECC_CONFIRM_HELPER (tests, the bench over a build tree), else the installed one.
std::string cardConfirmProgram();

class RemoteCardConfirmation : public RemoteConfirmation {
public:
    // Throws std::runtime_error when the program cannot be started.
    RemoteCardConfirmation(const std::string& program, const std::string& reader, std::uint64_t insertion);
    std::optional<std::string> verdict(std::string& why) override;
    bool ready() override { return process_.readable(); }
    void stop() noexcept override { process_.kill(); }

private:
    const std::uint64_t insertion_;
    HelperProcess process_;
};

}  // namespace ias::p11
