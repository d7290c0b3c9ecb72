#include "vcard/CardOs.h"

#include <algorithm>

#include "ias/apdu/Tlv.h"
#include "vcard/AccessRules.h"
#include "vcard/Commands.h"
#include "vcard/StateFile.h"
#include "vcard/StatusError.h"
#include "vcard/VirtualCard.h"

namespace ias::vcard {
namespace {

constexpr std::uint8_t kInsGetResponse = 0xC0;

}  // namespace

void CommandContext::require(FileNode& objectDf, std::uint8_t scbByte) const {
    requireAccess(security, underSm, objectDf, scbByte);
}

CardOs::CardOs(CardState state, std::filesystem::path stateFile)
    : card_(std::move(state)), stateFile_(std::move(stateFile)) {
    security_.reset(card_.mf.get());
}

void CardOs::reset() {
    security_.reset(card_.mf.get());
}

Bytes CardOs::process(ByteView raw) {
    CommandApdu command(0, 0, 0, 0);
    try {
        command = CommandApdu::parse(raw);
    } catch (const std::exception&) {
        return ResponseApdu({}, sw::WrongLength).encode();
    }
    const std::uint8_t cla = command.cla();
    if (cla == 0xFF || (cla & 0xE0) != 0) return ResponseApdu({}, sw::ClaNotSupported).encode();
    if (cla & 0x03) return ResponseApdu({}, sw::LogicalChannelNotSupported).encode();

    const bool underSm = command.isSecureMessaging();
    if (command.ins() != kInsGetResponse) security_.pendingResponse.clear();
    if (!underSm && command.ins() != kInsGetResponse) security_.sm.reset();  // a plain command ends SM
    if (underSm && !security_.sm) return ResponseApdu({}, sw::SmNotSupported).encode();

    CommandApdu plain = command;
    if (underSm) {
        try {
            plain = security_.sm->session.unwrapCommand(command);
        } catch (const SmError& e) {
            security_.sm.reset();
            return ResponseApdu({}, e.sw()).encode();
        } catch (const std::exception&) {
            security_.sm.reset();
            return ResponseApdu({}, sw::SmDataObjectsIncorrect).encode();
        }
    }

    bool dirty = false;
    ResponseApdu response = dispatch(plain, underSm, dirty);
    if (dirty) ++changes_;
    if (dirty && !stateFile_.empty()) {  // an in-memory card (VirtualCard::inMemory) keeps its state there
        try {
            saveState(card_, stateFile_);
        } catch (const std::exception&) {
            response = ResponseApdu({}, StatusWord(0x65, 0x81));  // memory failure
        }
    }

    std::size_t le = plain.le().value_or(256);
    if (underSm && security_.sm) {
        // CardSmSession answers errors plain and keeps the session (docs/secure-messaging.md).
        try {
            response = security_.sm->session.wrapResponse(response);
            le = command.le().value_or(256);
        } catch (const std::exception&) {
            security_.sm.reset();
            response = ResponseApdu({}, sw::SmDataObjectsIncorrect);
        }
    }
    return finish(std::move(response), le);
}

ResponseApdu CardOs::dispatch(const CommandApdu& plain, bool underSm, bool& dirty) {
    try {
        if (plain.ins() == kInsGetResponse) {
            if (security_.pendingResponse.empty()) fail(sw::ConditionsNotSatisfied);
            Bytes all = std::move(security_.pendingResponse);
            security_.pendingResponse.clear();
            return ResponseApdu(std::move(all), sw::Ok);
        }
        if (plain.isChained()) {
            if (security_.chainIns && *security_.chainIns != plain.ins()) security_.chainData.clear();
            security_.chainIns = plain.ins();
            append(security_.chainData, plain.data().view());
            return ResponseApdu({}, sw::Ok);
        }
        if (security_.chainIns) {
            const bool same = *security_.chainIns == plain.ins();
            Bytes data = std::move(security_.chainData);
            security_.chainData.clear();
            security_.chainIns.reset();
            if (same) {
                append(data, plain.data().view());
                SecureBuffer joined = SecureBuffer::copyOf(data);
                std::fill(data.begin(), data.end(), 0);
                CommandApdu whole(plain.cla(), plain.ins(), plain.p1(), plain.p2(), std::move(joined),
                                  plain.le());
                return runHandler(whole, underSm, dirty);
            }
        }
        return runHandler(plain, underSm, dirty);
    } catch (const StatusError& e) {
        return ResponseApdu({}, e.sw());
    } catch (const TlvError&) {
        return ResponseApdu({}, sw::WrongData);
    } catch (const std::exception&) {
        return ResponseApdu({}, sw::NoPreciseDiagnosis);
    }
}

ResponseApdu CardOs::runHandler(const CommandApdu& plain, bool underSm, bool& dirty) {
    CommandContext ctx{card_, security_, underSm, false};
    struct SaveFlag {  // the flag must survive a handler that throws after changing state (wrong PIN)
        CommandContext& c;
        bool& out;
        ~SaveFlag() { out = out || c.dirty; }
    } flag{ctx, dirty};
    switch (plain.ins()) {
        case 0xA4:
            return selectFile(ctx, plain);
        case 0xB0:
            return readBinary(ctx, plain);
        case 0xD6:
            return updateBinary(ctx, plain);
        case 0xE0:
            return createFile(ctx, plain);
        case 0xE4:
            return deleteFile(ctx, plain);
        case 0xCB:
            return getData(ctx, plain);
        case 0xDB:
            return putData(ctx, plain);
        case 0x47:
            return generateKeyPair(ctx, plain);
        case 0x20:
            return verifyPin(ctx, plain);
        case 0x24:
            return changeReferenceData(ctx, plain);
        case 0x2C:
            return resetRetryCounter(ctx, plain);
        case 0x84:
            return getChallenge(ctx, plain);
        case 0x22:
            return manageSecurityEnvironment(ctx, plain);
        case 0x88:
            return internalAuthenticate(ctx, plain);
        case 0x2A:
            return performSecurityOperation(ctx, plain);
        case 0x82:
            return mutualAuthenticate(ctx, plain);
        default:
            return ResponseApdu({}, sw::InsNotSupported);
    }
}

Bytes CardOs::finish(ResponseApdu response, std::size_t le) {
    Bytes& data = response.data();
    if (data.size() > le && response.sw().ok()) {
        // More than the terminal asked for: the rest waits for GET RESPONSE (ISO 7816-4 61xx).
        security_.pendingResponse.assign(data.begin() + static_cast<std::ptrdiff_t>(le), data.end());
        data.resize(le);
        const std::size_t rest = security_.pendingResponse.size();
        return ResponseApdu(std::move(data),
                            StatusWord(0x61, static_cast<std::uint8_t>(rest >= 256 ? 0 : rest)))
            .encode();
    }
    if (data.size() > le) data.resize(le);
    return response.encode();
}

}  // namespace ias::vcard
