#pragma once
// The virtual IAS-ECC card: a card operating system in software that answers raw APDUs the way an IAS-ECC
// card does (docs/virtual-card.md). It is used in-process by unit tests (through ias::InProcessTransport)
// and behind pcscd + vpcd by everything else (ias-vcard, VpcdServer.h).
#include <filesystem>
#include <memory>
#include <optional>
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
    // Once the card is dead (see dieAfter), it throws ias::CardRemovedError instead.
    Bytes process(ByteView command) override;
    // How many commands changed the persistent state since this object was made: a card at 0 after reset()
    // is the card it was made from.
    std::uint64_t stateChanges() const;

    // Fault injection (docs/virtual-card.md, "Fault injection"): from this call (the mark), the card answers
    // `commands` more commands, then is dead: as if pulled out of the reader, its persistent state what the
    // last completed command left (the state file is written after every command that changes it).
    void dieAfter(std::size_t commands);
    bool dead() const { return dead_; }
    // Commands answered since the card was opened (what an APDU log of it counts).
    std::size_t commandCount() const { return commands_; }
    // Put back into the reader: alive, no fault armed, volatile state reset (PINs unverified, no SM).
    void revive();

private:
    explicit VirtualCard(std::unique_ptr<CardOs> os);
    std::unique_ptr<CardOs> os_;
    std::optional<std::size_t> remaining_;  // commands left before the armed fault
    bool dead_ = false;
    std::size_t commands_ = 0;
};

class CardStateError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace ias::vcard
