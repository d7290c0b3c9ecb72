#include "vcard/VirtualCard.h"

#include "ias/apdu/Transport.h"
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
    if (dead_) throw CardRemovedError("virtual card: removed (fault injection)");
    Bytes response;
    try {
        response = os_->process(command);
    } catch (...) {
        response = Bytes{0x6F, 0x00};
    }
    ++commands_;
    if (remaining_ && --*remaining_ == 0) {
        remaining_.reset();
        dead_ = true;
    }
    return response;
}

void VirtualCard::dieAfter(std::size_t commands) {
    remaining_ = commands;
    if (commands == 0) {
        remaining_.reset();
        dead_ = true;
    }
}

void VirtualCard::revive() {
    remaining_.reset();
    dead_ = false;
    os_->reset();
}

}  // namespace ias::vcard
