#include "SignFlows.h"

#include "Commands.h"

namespace ias::signgtk {
namespace {

using Arguments = std::vector<std::string>;

void append(Arguments& to, const Arguments& more) {
    to.insert(to.end(), more.begin(), more.end());
}

// The card options every signing command gets: the desktop's PIN dialog, the reader.
Arguments cardArguments(const FlowSettings& settings) {
    Arguments a{"--pin-dialog"};
    if (!settings.reader.empty()) append(a, {"--reader", settings.reader});
    return a;
}

Arguments anchorArguments(const FlowSettings& settings) {
    if (settings.anchors.empty()) return {};
    return {"--anchors", settings.anchors};
}

// Runs one command through ias-sign's own function; its error as the command line reports it.
template <typename Run>
tool::ErrorReport attempt(Run run) {
    try {
        const int code = run();
        return {static_cast<tool::Exit>(code), "", -1};
    } catch (...) {
        return sign::describeSignError(std::current_exception());
    }
}

}  // namespace

const char* actionName(Action action) {
    switch (action) {
        case Action::Sign:
            return "sign";
        case Action::Cosign:
            return "cosign";
        case Action::Countersign:
            return "countersign";
        case Action::Verify:
            break;
    }
    return "verify";
}

FlowOutcome runFlow(Action action, const SignedDocument& files, const FlowSettings& settings,
                    const std::string& signer) {
    FlowOutcome out;
    out.action = action;
    Arguments a = cardArguments(settings);
    const Arguments key{"--key", settings.key.empty() ? "qualified" : settings.key};
    switch (action) {
        case Action::Sign:
            append(a, {"sign", files.document, "-o", files.signature});
            append(a, key);
            out.error = attempt([&] { return sign::runSign(sign::Options::fromArguments(a)); });
            break;
        case Action::Cosign:
            a.push_back("cosign");
            append(a, files.files());
            append(a, key);
            append(a, anchorArguments(settings));
            out.error = attempt([&] { return sign::runCosign(sign::Options::fromArguments(a)); });
            break;
        case Action::Countersign:
            a.push_back("countersign");
            append(a, files.files());
            append(a, {"--signer", signer});
            append(a, key);
            append(a, anchorArguments(settings));
            out.error = attempt([&] { return sign::runCountersign(sign::Options::fromArguments(a)); });
            break;
        case Action::Verify:
            break;
    }
    // What is on disk now, verified as `ias-sign verify` does.
    out.files = SignedDocument::locate(files.document, files.signature);
    if (!out.files.signatureExists) return out;
    Arguments v{"verify"};
    append(v, out.files.files());
    append(v, anchorArguments(settings));
    out.readError = attempt([&] {
        out.verdicts = sign::verifyFile(sign::Options::fromArguments(v));
        return 0;
    });
    return out;
}

}  // namespace ias::signgtk
