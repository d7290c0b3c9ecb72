#pragma once
// The virtual IAS-ECC card: a card operating system in software that answers raw APDUs the way an IAS-ECC
// card does (docs/virtual-card.md). It is used in-process by unit tests (through ias::InProcessTransport)
// and behind pcscd + vpcd by everything else (ias-vcard, VpcdServer.h).
#include <filesystem>
#include <memory>
#include <string>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/InProcessTransport.h"

namespace ias::vcard {

class CardOs;  // the implementation: files, SDOs, security state, command handlers

class VirtualCard : public CardEndpoint {
public:
    // Opens the card whose persistent state lives in `stateFile`. If the file does not exist and `profile`
    // is given, the card is personalised from that profile (docs/virtual-card.md, "Profile format") and the
    // state is written. A damaged or unreadable state file throws CardStateError; it is never reset silently.
    explicit VirtualCard(const std::filesystem::path& stateFile, const std::filesystem::path& profile = {});
    // A card in memory only, from the text of a state file (serializeState, StateFile.h): its changes are
    // never written anywhere. The module's fuzz target makes one per input, each the same card, at no
    // file-system cost.
    static std::unique_ptr<VirtualCard> inMemory(const std::string& stateText);
    ~VirtualCard() override;
    VirtualCard(const VirtualCard&) = delete;
    VirtualCard& operator=(const VirtualCard&) = delete;

    Bytes atr() const override;
    void reset() override;  // warm reset: current DF back to MF, PIN states and SM session cleared
    void powerOff();        // same effect on volatile state as reset
    // One raw command APDU in, one raw response (data || SW1 SW2) out. Never throws for bad input: a
    // malformed command gets the status word a card would answer.
    Bytes process(ByteView command) override;
    // How many commands changed the persistent state since this object was made: a card at 0 after reset()
    // is the card it was made from.
    std::uint64_t stateChanges() const;

private:
    explicit VirtualCard(std::unique_ptr<CardOs> os);
    std::unique_ptr<CardOs> os_;
};

class CardStateError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace ias::vcard
