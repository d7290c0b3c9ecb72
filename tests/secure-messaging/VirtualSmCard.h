#pragma once
// A small card endpoint around the virtual card's SM side (vcard::CardSmSession): MSE SET AT, GET CHALLENGE
// and MUTUAL AUTHENTICATE in the clear, then protected commands for a toy application (VERIFY, UPDATE/READ
// BINARY on one buffer, PUT/GET DATA), command chaining and 61xx/GET RESPONSE. Hooks let a test tamper with
// what travels on the wire, or knock the card's SSC out of step.
#include <functional>
#include <optional>

#include "ias/apdu/InProcessTransport.h"
#include "vcard/CardSm.h"

namespace ias::sm::testing {

class VirtualSmCard : public CardEndpoint {
public:
    VirtualSmCard(vcard::SmKeyset keys, KdfHash kdf, Bytes serial)
        : keys_(std::move(keys)), kdf_(kdf), serial_(std::move(serial)) {}

    std::function<void(Bytes&)> tamperCommand;  // raw command before the card reads it
    std::function<void(Bytes&)> tamperAnswer;   // raw protected answer (data || SW) before 61xx splitting
    bool skipSscStep = false;                   // wrap the next answer with the SSC one step ahead
    int protectedCommands = 0;
    Bytes file = Bytes(512, 0x00);

    Bytes atr() const override { return fromHex("3BDF18FF8191FE1FC30031B8640C01ECC173940180829000B3"); }
    void reset() override {
        session_.reset();
        challenge_.clear();
    }

    Bytes process(ByteView rawIn) override {
        Bytes raw(rawIn.begin(), rawIn.end());
        if (tamperCommand) tamperCommand(raw);
        std::optional<CommandApdu> parsed;
        try {
            parsed = CommandApdu::parse(raw);
        } catch (const std::exception&) {
            return {0x67, 0x00};
        }
        const CommandApdu& cmd = *parsed;
        if (cmd.ins() == 0xC0 && !cmd.isSecureMessaging()) return getResponse(cmd.le().value_or(256));
        pending_.clear();
        if (!cmd.isSecureMessaging()) return plainCommand(cmd);

        ++protectedCommands;
        if (!session_) return {0x68, 0x82};
        CommandApdu plain(0, 0, 0, 0);
        try {
            plain = session_->unwrapCommand(cmd);
        } catch (const vcard::SmError& e) {
            session_.reset();
            return ResponseApdu({}, e.sw()).encode();
        }
        const ResponseApdu answer = chainOrRun(plain);
        if (skipSscStep) {
            session_->wrapResponse(answer);  // thrown away: the card's SSC is now one ahead
            skipSscStep = false;
        }
        Bytes out = session_->wrapResponse(answer).encode();
        if (tamperAnswer) tamperAnswer(out);
        return limit(std::move(out), cmd.le().value_or(256));
    }

private:
    Bytes plainCommand(const CommandApdu& cmd) {
        session_.reset();  // a plain command ends the session, as the real dispatcher does
        switch (cmd.ins()) {
            case 0x22:
                return {0x90, 0x00};
            case 0x84:
                challenge_ = fromHex("0F1E2D3C4B5A6978");
                challenge_[7] = static_cast<std::uint8_t>(++challenges_);
                return ResponseApdu(challenge_, sw::Ok).encode();
            case 0x82: {
                const Bytes rnd = std::move(challenge_);
                challenge_.clear();
                try {
                    auto [s, answer] = vcard::CardSmSession::mutualAuthenticate(
                        cmd.data().view(), rnd, vcard::snIccFromSerial(serial_), keys_, kdf_);
                    session_.emplace(std::move(s));
                    return ResponseApdu(std::move(answer), sw::Ok).encode();
                } catch (const vcard::SmError& e) {
                    return ResponseApdu({}, e.sw()).encode();
                }
            }
            default:
                return {0x6D, 0x00};
        }
    }

    ResponseApdu chainOrRun(const CommandApdu& plain) {
        if (plain.isChained()) {
            append(chain_, plain.data().view());
            return ResponseApdu({}, sw::Ok);
        }
        if (chain_.empty()) return application(plain);
        append(chain_, plain.data().view());
        const CommandApdu whole(plain.cla(), plain.ins(), plain.p1(), plain.p2(), view(chain_), plain.le());
        chain_.clear();
        return application(whole);
    }

    ResponseApdu application(const CommandApdu& c) {
        const std::size_t offset = std::size_t{c.p1()} << 8 | c.p2();
        switch (c.ins()) {
            case 0x20:  // VERIFY global PIN 01 with "1234" padded with FF to 8 bytes
                if (c.data().equals(fromHex("31323334FFFFFFFF"))) return ResponseApdu({}, sw::Ok);
                return ResponseApdu({}, StatusWord(0x63, 0xC2));
            case 0xD6:  // UPDATE BINARY
                if (offset + c.data().size() > file.size()) return ResponseApdu({}, sw::WrongLength);
                std::copy(c.data().view().begin(), c.data().view().end(), file.begin() + offset);
                return ResponseApdu({}, sw::Ok);
            case 0xB0: {  // READ BINARY
                if (offset > file.size()) return ResponseApdu({}, sw::WrongP1P2);
                const std::size_t n = std::min(c.le().value_or(256), file.size() - offset);
                return ResponseApdu(Bytes(file.begin() + offset, file.begin() + offset + n), sw::Ok);
            }
            case 0xDB:  // PUT DATA (odd INS: DO85)
                putData_.assign(c.data().view().begin(), c.data().view().end());
                return ResponseApdu({}, sw::Ok);
            case 0xCA:  // GET DATA
                return ResponseApdu(putData_, sw::Ok);
            default:
                return ResponseApdu({}, sw::InsNotSupported);
        }
    }

    Bytes limit(Bytes out, std::size_t le) {
        const std::size_t dataSize = out.size() - 2;
        if (dataSize <= le || out[dataSize] != 0x90) return out;
        pending_.assign(out.begin() + static_cast<std::ptrdiff_t>(le), out.end() - 2);
        Bytes first(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(le));
        first.push_back(0x61);
        first.push_back(static_cast<std::uint8_t>(pending_.size() >= 256 ? 0 : pending_.size()));
        return first;
    }

    Bytes getResponse(std::size_t le) {
        if (pending_.empty()) return {0x69, 0x85};
        const std::size_t n = std::min(le, pending_.size());
        Bytes out(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
        pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
        out.push_back(pending_.empty() ? 0x90 : 0x61);
        out.push_back(
            pending_.empty() || pending_.size() >= 256 ? 0x00 : static_cast<std::uint8_t>(pending_.size()));
        return out;
    }

    vcard::SmKeyset keys_;
    KdfHash kdf_;
    Bytes serial_;
    Bytes challenge_, chain_, pending_, putData_;
    int challenges_ = 0;
    std::optional<vcard::CardSmSession> session_;
};

}  // namespace ias::sm::testing
