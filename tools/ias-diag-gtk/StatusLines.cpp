#include "StatusLines.h"

#include <unistd.h>

namespace ias::diaggtk {

void StatusLines::line(const std::string& text) const {
    if (fd_ < 0) return;
    const std::string out = text + "\n";
    // Best effort: a test that stopped reading must not stop the window.
    const ssize_t written = ::write(fd_, out.data(), out.size());
    (void)written;
}

}  // namespace ias::diaggtk
