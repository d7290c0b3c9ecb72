#include "vcard/VirtualCard.h"

#include "vcard/CardOs.h"
#include "vcard/ProfileLoader.h"
#include "vcard/StateFile.h"

namespace ias::vcard {

VirtualCard::VirtualCard(const std::filesystem::path& stateFile, const std::filesystem::path& profile) {
    if (std::filesystem::exists(stateFile)) {
        os_ = std::make_unique<CardOs>(loadState(stateFile), stateFile);
        return;
    }
    if (profile.empty())
        throw CardStateError("no state file " + stateFile.string() + " and no profile to create it");
    CardState state = loadProfile(profile);
    saveState(state, stateFile);
    os_ = std::make_unique<CardOs>(std::move(state), stateFile);
}

VirtualCard::VirtualCard(std::unique_ptr<CardOs> os) : os_(std::move(os)) {}

std::unique_ptr<VirtualCard> VirtualCard::inMemory(const std::string& stateText) {
    return std::unique_ptr<VirtualCard>(new VirtualCard(
        std::make_unique<CardOs>(parseState(stateText, {}, "(in memory)"), std::filesystem::path())));
}

VirtualCard::~VirtualCard() = default;

Bytes VirtualCard::atr() const {
    return os_->state().atr;
}

void VirtualCard::reset() {
    os_->reset();
}

void VirtualCard::powerOff() {
    os_->reset();
}

std::uint64_t VirtualCard::stateChanges() const {
    return os_->changes();
}

Bytes VirtualCard::process(ByteView command) {
    try {
        return os_->process(command);
    } catch (...) {
        return Bytes{0x6F, 0x00};
    }
}

}  // namespace ias::vcard
