#pragma once
// A fake card for transport tests: it expects exact command APDUs in order and gives scripted answers.
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "ias/apdu/InProcessTransport.h"

namespace ias::test {

class ScriptedCard : public CardEndpoint {
public:
    // Expect `command` (hex) next and answer `answer` (hex: data || SW).
    ScriptedCard& expect(const std::string& command, const std::string& answer) {
        script_.push_back({toHex(view(fromHex(command))), fromHex(answer)});
        return *this;
    }
    Bytes atr() const override {
        return fromHex("3B DF 18 FF 81 91 FE 1F C3 00 31 B8 64 0C 01 EC C1 73 94 01 80 82 90 00 B3");
    }
    void reset() override { ++resets; }
    Bytes process(ByteView command) override {
        received.push_back(toHex(command));
        if (script_.empty()) {
            ADD_FAILURE() << "unexpected command " << received.back();
            return fromHex("6F00");
        }
        Step step = script_.front();
        script_.pop_front();
        EXPECT_EQ(received.back(), step.command) << "command #" << received.size();
        return step.answer;
    }
    bool done() const { return script_.empty(); }

    std::vector<std::string> received;
    int resets = 0;

private:
    struct Step {
        std::string command;
        Bytes answer;
    };
    std::deque<Step> script_;
};

}  // namespace ias::test
