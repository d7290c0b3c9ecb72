// Exceptions of the card layer → exit code and message. Kinds are mapped, never message texts.
#include "ExitCode.h"

#include <iostream>

#include "ias/apdu/PinPad.h"
#include "ias/apdu/Transport.h"
#include "ias/api/ApiError.h"
#include "ias/api/Pkcs15Error.h"
#include "ias/sm/SmError.h"

namespace ias::tool {
namespace {

Exit codeOf(api::ApiErrorKind kind) {
    switch (kind) {
        case api::ApiErrorKind::PinFormat:
        case api::ApiErrorKind::PinRequired:
            return Exit::PinNotGiven;
        case api::ApiErrorKind::SmKeysMissing:
            return Exit::SmFailure;
        case api::ApiErrorKind::NotFound:
            return Exit::NotFound;
        case api::ApiErrorKind::NotSupported:
            return Exit::NotSupported;
        case api::ApiErrorKind::InvalidInput:
            return Exit::InputOutput;
        case api::ApiErrorKind::Configuration:
            return Exit::Configuration;
        case api::ApiErrorKind::SecurityStateLost:
        case api::ApiErrorKind::CardContent:
        case api::ApiErrorKind::NoSpace:
            return Exit::CardError;
    }
    return Exit::CardError;
}

const char* name = "ias-tool";

int say(Exit code, const std::string& message) {
    std::cerr << name << ": " << message << "\n";
    return static_cast<int>(code);
}

}  // namespace

void setProgramName(const char* program) {
    name = program;
}

const char* programName() {
    return name;
}

ErrorReport describeError(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const UsageError& e) {
        return {Exit::Usage, std::string(e.what()) + " (" + name + " --help)"};
    } catch (const ToolError& e) {
        return {e.code(), e.what()};
    } catch (const PinEntryError& e) {
        // The PIN-pad stopped before the card saw a PIN (cancel, timeout, differing new PINs …).
        return {Exit::PinNotGiven, e.what()};
    } catch (const PinIncorrect& e) {
        const int left = e.triesLeft();
        return {Exit::WrongPin,
                "wrong PIN: " + std::to_string(left) + (left == 1 ? " try" : " tries") + " left", left};
    } catch (const sm::SmError& e) {
        return {Exit::SmFailure,
                std::string("secure messaging failed (") + sm::toString(e.reason()) + "): " + e.what()};
    } catch (const CardError& e) {
        if (e.kind() == CardErrorKind::PinBlocked)
            return {Exit::PinBlocked,
                    "PIN blocked (" + e.statusWord().toString() + "): unblock it with the PUK"};
        if (e.kind() == CardErrorKind::SmFailure) return {Exit::SmFailure, e.what()};
        return {Exit::CardError, std::string("card error: ") + e.what()};
    } catch (const CardRemovedError& e) {
        return {Exit::NoCard, std::string("card removed or absent: ") + e.what()};
    } catch (const ReaderUnavailableError& e) {
        return {Exit::NoCard, std::string("no reader: ") + e.what()};
    } catch (const TransportError& e) {
        return {Exit::NoCard, std::string("reader error: ") + e.what()};
    } catch (const api::ApiError& e) {
        return {codeOf(e.kind()), e.what()};
    } catch (const api::Pkcs15Error& e) {
        return {Exit::CardError, "malformed card content in " + e.file() + ": " + e.reason()};
    } catch (const std::exception& e) {
        return {Exit::Internal, std::string("internal error: ") + e.what()};
    } catch (...) {
        return {Exit::Internal, "internal error"};
    }
}

int reportError(std::exception_ptr error) {
    const ErrorReport report = describeError(error);
    return say(report.code, report.message);
}

}  // namespace ias::tool
