#include "Texts.h"

namespace ias::signgtk {

using tool::Exit;

std::string usageText() {
    return tr(
        "usage: ias-sign-gtk [--lang LANG] [--reader NAME] [--anchors PEM] [DOCUMENT [SIGNATURE]]\n"
        "Signs documents with your IAS-ECC smart card, adds co-signatures and counter-signatures, and shows\n"
        "every signature of a document with its verdict.\n"
        "  --lang LANG     en or fr; default: the session's language\n"
        "  --reader NAME   the reader (its name or part of it); default: the first with a card\n"
        "  --anchors PEM   the trusted root certificates; default: the system's\n"
        "  --status-fd N   (tests) what the window shows, as lines on descriptor N\n"
        "The command-line twin: ias-sign.\n");
}

std::string errorText(const tool::ErrorReport& error) {
    std::string what;
    switch (error.code) {
        case Exit::WrongPin:
            what = formatText(tr("The card refused the PIN. Tries left: %s. Type it carefully: after the "
                                 "last try the PIN is blocked."),
                              error.triesLeft >= 0 ? std::to_string(error.triesLeft) : "?");
            break;
        case Exit::PinBlocked:
            what = tr("The PIN is blocked. Unblock it with the PUK (\"Change a card PIN\"), then try again.");
            break;
        case Exit::PinNotGiven:
            what = tr("No PIN was given: the PIN window was closed. Nothing was signed.");
            break;
        case Exit::NoCard:
            what = tr("No card found. Put your card in the reader and try again.");
            break;
        case Exit::SmFailure:
        case Exit::CardError:
            what = tr("The card refused the operation. Take the card out, put it back and try again.");
            break;
        case Exit::NotFound:
            what = tr("The card has no such key with a certificate. Choose the other key.");
            break;
        case Exit::NotSupported:
            what = tr("This key cannot make this signature.");
            break;
        case Exit::InputOutput:
            what =
                tr("The file could not be read or written, or it is not a signature. Check the file and "
                   "the folder.");
            break;
        case Exit::SignatureRefused:
            what =
                tr("Not signed: a signature in the file does not match the document. The document was "
                   "changed since it was signed, or the signature was altered.");
            break;
        case Exit::CertificateRefused:
            what = tr("Not signed: the certificate of a signer in the file is not trusted.");
            break;
        default:
            what = tr("It could not be done.");
            break;
    }
    return error.message.empty() ? what : what + "\n" + formatText(tr("Details: %s"), error.message);
}

std::string doneText(Action action) {
    switch (action) {
        case Action::Sign:
            return tr("Signed. The signature was read again and verified.");
        case Action::Cosign:
            return tr("Co-signed. The signatures were read again and verified.");
        case Action::Countersign:
            return tr("Counter-signed. The signatures were read again and verified.");
        case Action::Verify:
            break;
    }
    return tr("Verified again.");
}

std::string busyText(Action action) {
    switch (action) {
        case Action::Sign:
        case Action::Cosign:
        case Action::Countersign:
            return tr("Signing… Type your PIN in the PIN window when it appears.");
        case Action::Verify:
            break;
    }
    return tr("Verifying…");
}

std::string signerTitle(const sign::SignerVerdict& v) {
    const std::string who = v.subject.empty() ? tr("unknown signer") : v.subject;
    const std::size_t cn = who.find("CN=");
    std::string name = cn == std::string::npos ? who : who.substr(cn + 3);
    name = name.substr(0, name.find(','));
    // The separator is the language's (French puts a space before the colon).
    return formatText(v.counterSignature ? tr("Counter-signer %s") : tr("Signer %s"), v.path) + tr(": ") +
           name;
}

std::string verdictText(const sign::SignerVerdict& v) {
    if (v.verified()) return tr("Verified");
    if (v.signatureRefused)
        return tr("Refused: the document or the signature was changed since it was signed");
    if (v.certificateRefused) return tr("Refused: the signer's certificate is not trusted");
    return tr("Refused");
}

std::string qualifiedText(const sign::SignerVerdict& v) {
    return v.qualified ? tr("Qualified signature (non-repudiation)") : tr("Not qualified");
}

}  // namespace ias::signgtk
