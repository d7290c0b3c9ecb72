// libFuzzer target: the terminal's unwrapping of the card's answer to a protected command
// (ias::sm::SmSession::transmit), in a session opened against a scripted card (SmFuzzHarness.h). Each run
// must end in an SmError or in an answer the session may return: data, a success or a warning only when
// the card's answer carries the session's MAC (checked by the harness on its own), and, for an answer the
// card wrapped itself, exactly the plain answer it wrapped. Anything else escaping is a finding.
#include <cstddef>
#include <cstdint>

#include "SmFuzzHarness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = ias::fuzz::SmFuzzInput::decode(ias::ByteView(data, size));
    if (!input || input->payload.size() < 2) return 0;
    ias::fuzz::SmFuzzCard card(*input);
    std::optional<ias::ResponseApdu> result;
    try {
        result = ias::fuzz::runSmExchange(card, *input);
    } catch (const ias::sm::SmError&) {
        return 0;
    }
    const ias::StatusWord status = result->sw();
    if (!result->data().empty() || status.ok() || status.isWarning()) {
        // Data or success reached the caller: the card's answer must have been authentic.
        if (!ias::fuzz::sm_world::carriesCardMac(input->sha256, ias::view(card.answer()))) __builtin_trap();
    }
    if (input->mode == ias::fuzz::SmAnswerMode::Wrapped) {
        const ias::ResponseApdu plain = ias::ResponseApdu::parse(input->payload);
        if (plain.sw().ok() || plain.sw().sw1 == 0x62) {
            // The card wrapped it (9000, 62xx): the session must hand back exactly what the card meant.
            if (result->data() != plain.data() || status != plain.sw()) __builtin_trap();
        }
    }
    return 0;
}
