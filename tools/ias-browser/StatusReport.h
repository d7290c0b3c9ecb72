#pragma once
// For tests (--status-fd N): what the window shows, as lines on a file descriptor, so a test reads the values
// back without scraping pixels. English keys and raw values, never translated labels. One page:
//   state <presence> <reader>
//   reader <card=0|1> <name>                       (one per reader)
//   card atr=<hex> serial=<hex> ias=<x.y|?> app=<aid hex>
//   pin <authId> role=<authentication|signature|puk> tries=<n|?> max=<n|?> blocked=<0|1> verified=<0|1>
//   key <iD> type=<rsa|ec> bits=<n> pin=<authId> every-use=<0|1> cert=<0|1> uses=<names|->
//   cert <iD> serial=<HEX> state=<valid|expiring|expired|not-yet-valid|unreadable> days=<n|?>
//        notbefore=<YYYY-MM-DD_HH:MM:SS> notafter=<YYYY-MM-DD_HH:MM:SS>
//   chain <iD> length=<n> trust=<trusted|untrusted-root|incomplete|refused>
//   attention <pin-blocked|puk-blocked|last-try|cert-expired|cert-not-yet-valid|cert-expiring|none> <id>
//   page end
// and for actions: "exported <kind> <iD> <path>", "copied <iD>", "details <iD>" (+ "detail <iD> key=value"),
// "unblock|change|test <authId>", "tested <authId> exit=<n>", "focus <name>".
#include <string>
#include <utility>

#include "CardViewNames.h"

namespace ias::browser {

class StatusReport {
public:
    // `anchors`: the trust anchors the chains are judged against (--anchors; empty: the system's store).
    explicit StatusReport(int fd = -1, std::string anchors = {}) : fd_(fd), anchors_(std::move(anchors)) {}
    void page(const CardPage& page) const;
    void line(const std::string& text) const;

private:
    int fd_;
    std::string anchors_;
};

}  // namespace ias::browser
