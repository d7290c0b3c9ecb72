#pragma once
// The configuration file's lines judged without touching the disk (unit-testable): every `key = value` line
// must be a key some part of the middleware reads, with a value it accepts. Values of sm.* keys are
// secrets and never appear in the findings.
#include <string>
#include <string_view>
#include <vector>

#include "Check.h"
#include "Checks.h"

namespace ias::diag {

struct ConfigurationProblem {
    std::size_t line = 0;
    std::string message;  // "unknown key 'pin.dialgo'"
};

struct ConfigurationReview {
    std::vector<ConfigurationProblem> problems;
    EffectiveSettings settings;
    // Effective values as shown in the report: name → value and where it comes from ("line 3" / "default").
    std::vector<Detail> shown;
    std::size_t smKeysets = 0;
};

ConfigurationReview reviewConfiguration(std::string_view text, const std::string& origin);

}  // namespace ias::diag
