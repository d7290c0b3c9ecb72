#pragma once
// What the report may say about the person: with --anonymise, names (certificate subjects) and serials
// (card, token, certificate) become "anon:" and 12 hex digits of their SHA-256 — equal values give equal
// hashes, so two reports of one card still match, but the value is not shown. A hash of a short serial can
// be found by trying every serial: it hides the value from a casual reader, it does not encrypt it.
#include <string>
#include <string_view>

namespace ias::diag {

class Privacy {
public:
    explicit Privacy(bool anonymise, std::string home = {}) : anonymise_(anonymise), home_(std::move(home)) {}
    bool anonymise() const { return anonymise_; }
    // A name or serial as the report shows it.
    std::string personal(std::string_view value) const;
    // A path with the home directory written "~" (the user name is in it).
    std::string path(std::string_view value) const;

private:
    bool anonymise_;
    std::string home_;
};

// "anon:" + the first 12 hex digits of SHA-256(value).
std::string anonymised(std::string_view value);

}  // namespace ias::diag
