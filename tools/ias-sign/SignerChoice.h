#pragma once
// Which signer `countersign --signer` names: a path as `verify` lists them ("2", "1.1"), the issuer and
// serial of its certificate ("CN=Test CA,O=Example:0A", as `verify` prints them: the serial after the last
// colon), or its subject (as printed, or its CN alone). Positions change when a file is written again (the
// SET OF is re-sorted), issuer and serial never do: scripts should prefer them.
#include <iosfwd>
#include <string>
#include <vector>

#include "CmsVerify.h"

namespace ias::sign {

// The path of the one signer `choice` names among `signers`. Throws tool::ToolError (NotFound) when none
// does, tool::UsageError naming the candidates' paths when several do.
std::string chooseSigner(const std::vector<SignerVerdict>& signers, const std::string& choice);

// countersign without --signer, on a terminal: the signers listed on `out` (number, path, subject, issuer
// and serial, verdict), then a number read from `in`; an answer that is no listed number is asked again,
// at most three times. Returns the chosen signer's path; tool::UsageError when `in` ends or no answer fits.
std::string chooseSignerFromListing(const std::vector<SignerVerdict>& signers, std::istream& in,
                                    std::ostream& out);

}  // namespace ias::sign
