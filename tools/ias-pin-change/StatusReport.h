#pragma once
// For tests (--status-fd N): the window's state as lines on a file descriptor, since the window's labels are
// not readable without the accessibility bus (which stays off: docs/pin-ui.md). Never a PIN; the texts are
// the English keys, not the translated labels. Lines: "state <presence> <reader>", "pin <authId> tries=<n|?>
// blocked=<0|1> rules=<min>-<max> digits=<0|1> pad=<0|1>", "unblock <0|1>" (the PUK form shown or not),
// "puk <authId> tries=<n|?> blocked=<0|1> rules=<min>-<max> pad=<0|1>", "change <0|1>" (the action button,
// Change or Unblock), "busy", "result <kind> tries=<n|?>" (the PUK's tries for wrong-puk, the PIN's else).
#include <string>

#include "CardSnapshot.h"

namespace ias::pinchange {

class StatusReport {
public:
    explicit StatusReport(int fd = -1) : fd_(fd) {}
    void snapshot(const CardSnapshot& s) const;
    void selected(const PinChoice& pin) const;
    void selectedPuk(const PukChoice& puk) const;
    void unblockMode(bool on) const;
    void changeEnabled(bool enabled) const;
    void busy() const;
    void outcome(const ChangeOutcome& o) const;

private:
    void line(const std::string& text) const;
    int fd_;
};

}  // namespace ias::pinchange
