// readers: every reader PC/SC knows, with its state from one bounded SCardGetStatusChange.
#include <PCSC/winscard.h>

#include "Bounded.h"
#include "Checks.h"
#include "ias/apdu/PcscTransport.h"

namespace ias::diag {
namespace {

std::vector<ReaderState> readerStates(const PcscContext& context) {
    std::vector<ReaderState> out;
    for (const std::string& name : context.listReaders())
        out.push_back(ReaderState{name, false, false, false, false, {}});
    if (out.empty()) return out;
    std::vector<SCARD_READERSTATE> states(out.size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        states[i] = SCARD_READERSTATE{};
        states[i].szReader = out[i].name.c_str();
        states[i].dwCurrentState = SCARD_STATE_UNAWARE;
    }
    // UNAWARE: the call returns the current states at once; the timeout only bounds a pcscd that is slow.
    const LONG rc =
        SCardGetStatusChange(context.handle(), 2000, states.data(), static_cast<DWORD>(states.size()));
    if (rc != SCARD_S_SUCCESS) throw std::runtime_error(pcsc_stringify_error(rc));
    for (std::size_t i = 0; i < out.size(); ++i) {
        const DWORD s = states[i].dwEventState;
        out[i].present = (s & SCARD_STATE_PRESENT) != 0;
        out[i].mute = (s & SCARD_STATE_MUTE) != 0;
        out[i].exclusive = (s & SCARD_STATE_EXCLUSIVE) != 0;
        out[i].unavailable = (s & SCARD_STATE_UNAVAILABLE) != 0;
        if (out[i].present && states[i].cbAtr <= sizeof states[i].rgbAtr)
            out[i].atr.assign(states[i].rgbAtr, states[i].rgbAtr + states[i].cbAtr);
    }
    return out;
}

std::string stateText(const ReaderState& r) {
    if (r.unavailable) return "unavailable";
    if (!r.present) return "empty";
    if (r.mute) return "card (mute)";
    if (r.exclusive) return "card (held exclusively by another application)";
    return "card";
}

}  // namespace

CheckResult checkReaders(const DiagOptions& options, PcscFindings& pcsc) {
    CheckResult r{"readers", tr("Smart-card readers"), Status::Ok, "", "", {}};
    std::shared_ptr<PcscContext> context = pcsc.context;
    try {
        auto states = runBounded<std::vector<ReaderState>>(options.timeout,
                                                           [context] { return readerStates(*context); });
        if (!states) {
            r.finding = trf("pcscd did not list the readers within %1 s",
                            {std::to_string(options.timeout.count() / 1000)});
            r.problem(Status::Fail, tr("The smart-card service hangs: restart it (sudo systemctl restart "
                                       "pcscd.service) and unplug and replug the reader."));
            return r;
        }
        pcsc.readers = std::move(*states);
    } catch (const std::exception& e) {
        r.finding = trf("the readers could not be listed: %1", {e.what()});
        r.problem(Status::Fail, tr("Restart the smart-card service: sudo systemctl restart pcscd.service."));
        return r;
    }
    int withCard = 0;
    for (const ReaderState& reader : pcsc.readers) {
        r.details.push_back(Detail{"reader", {}}.add("name", reader.name).add("state", stateText(reader)));
        withCard += reader.present ? 1 : 0;
        if (reader.mute)
            r.problem(Status::Warn,
                      trf("The card in \"%1\" does not answer: take it out, check it is "
                          "inserted chip first with the contacts facing up, and insert it again.",
                          {reader.name}));
        if (reader.exclusive)
            r.problem(Status::Warn, trf("Another application holds \"%1\" exclusively: close other "
                                        "smart-card software and try again.",
                                        {reader.name}));
    }
    if (pcsc.readers.empty()) {
        r.finding = tr("no smart-card reader found");
        r.problem(
            Status::Fail,
            tr("Connect the card reader (USB) and check it appears in lsusb; for most readers the driver "
               "package is libccid (sudo apt install libccid); then run the report again."));
        return r;
    }
    r.finding = trnf("%1 reader, %2 with a card", "%1 readers, %2 with a card", pcsc.readers.size(),
                     {std::to_string(pcsc.readers.size()), std::to_string(withCard)});
    return r;
}

}  // namespace ias::diag
