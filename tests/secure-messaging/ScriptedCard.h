#pragma once
// A card endpoint that plays a fixed script: for each command it checks the exact bytes (when the script
// names them) and answers the scripted bytes. Commands beyond the script fail the test and get 6F00.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ias/apdu/InProcessTransport.h"
#include "ias/sm/SmSession.h"

namespace ias::sm::testing {

class ScriptedCard : public CardEndpoint {
public:
    // `command` in hex (empty: any command), `answer` in hex (data || SW).
    void expect(std::string command, std::string answer) {
        script_.push_back({std::move(command), std::move(answer)});
    }
    Bytes atr() const override { return fromHex("3BDF18FF8191FE1FC30031B8640C01ECC173940180829000B3"); }
    void reset() override {}
    Bytes process(ByteView command) override {
        received_.push_back(toHex(command));
        if (next_ >= script_.size()) {
            ADD_FAILURE() << "command beyond the script: " << toHex(command);
            return {0x6F, 0x00};
        }
        const Step& step = script_[next_++];
        if (!step.command.empty()) {
            EXPECT_EQ(toHex(command), step.command) << "scripted exchange " << next_;
        }
        return fromHex(step.answer);
    }
    bool finished() const { return next_ == script_.size(); }
    std::size_t commandsReceived() const { return received_.size(); }

private:
    struct Step {
        std::string command, answer;
    };
    std::vector<Step> script_;
    std::vector<std::string> received_;
    std::size_t next_ = 0;
};

// Hands out the bytes of `stream` in order (RND.IFD, then K.IFD): known answers need known randoms.
inline RandomSource replay(Bytes stream) {
    return [stream = std::move(stream), pos = std::size_t{0}](std::span<std::uint8_t> out) mutable {
        if (pos + out.size() > stream.size()) throw std::runtime_error("replayed randomness exhausted");
        std::copy_n(stream.begin() + static_cast<std::ptrdiff_t>(pos), out.size(), out.begin());
        pos += out.size();
    };
}

inline Keyset keysetOf(std::string_view enc, std::string_view mac) {
    return Keyset{SecureBuffer::copyOf(enc), SecureBuffer::copyOf(mac)};
}

// Runs `f`, expects an SmError with `reason` and returns its message.
template <typename F>
std::string expectSmError(F&& f, SmFailureReason reason) {
    try {
        f();
    } catch (const SmError& e) {
        EXPECT_EQ(e.reason(), reason) << e.what();
        EXPECT_EQ(e.kind(), CardErrorKind::SmFailure);
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "expected SmError(" << toString(reason) << "), got: " << e.what();
        return {};
    }
    ADD_FAILURE() << "expected SmError(" << toString(reason) << "), nothing thrown";
    return {};
}

}  // namespace ias::sm::testing
