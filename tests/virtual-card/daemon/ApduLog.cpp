#include "ApduLog.h"

namespace ias::vcard {

namespace {
bool carriesPin(std::uint8_t ins) {
    return ins == 0x20 || ins == 0x24 || ins == 0x2C;
}
}  // namespace

std::string describeCommand(ByteView c) {
    if (c.size() < 4) return "C " + toHex(c) + " (short)";
    std::string line = "C " + toHex(c.first(4));
    if (c.size() == 4) return line;
    const ByteView body = c.subspan(4);
    if (carriesPin(c[1]))
        return line + " " + toHex(body.first(body[0] == 0 && body.size() >= 3 ? 3 : 1)) + " ***";
    return line + " " + toHex(body);
}

ApduLog::ApduLog(const std::string& path) : path_(path) {
    if (path_.empty()) return;
    file_ = std::fopen(path_.c_str(), "a");
    if (file_) std::setvbuf(file_, nullptr, _IOLBF, 0);  // a test may count lines while the card runs
}

ApduLog::~ApduLog() {
    if (file_) std::fclose(file_);
}

void ApduLog::command(ByteView c) {
    if (file_) std::fprintf(file_, "%s\n", describeCommand(c).c_str());
}

void ApduLog::response(ByteView r) {
    if (!file_) return;
    const std::string sw = r.size() >= 2 ? toHex(r.last(2)) : "??";
    std::fprintf(file_, "R %s %zu\n", sw.c_str(), r.size() >= 2 ? r.size() - 2 : 0);
}

void ApduLog::event(const std::string& what) {
    if (file_) std::fprintf(file_, "# %s\n", what.c_str());
}

}  // namespace ias::vcard
