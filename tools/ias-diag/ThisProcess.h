#pragma once
// What a diagnosing program knows of itself, for DiagOptions: the user's home and its own executable (the
// module check starts it again as `--probe-module PATH`). Shared by ias-diag and ias-diag-gtk.
#include <string>

namespace ias::diag {

// $HOME when it is an absolute path, else the password database's home; empty when neither says.
std::string homeDirectory();
// /proc/self/exe resolved (the path survives a later chdir); "/proc/self/exe" itself when unreadable.
std::string selfExecutable();

}  // namespace ias::diag
