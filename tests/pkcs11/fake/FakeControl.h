#pragma once
// How the module tests steer the fake card world inside the test build of the module
// (libias-pkcs11-fake.so). Pure virtual: the tests call into the module's copy through the vtable.
#include <cstdint>
#include <optional>
#include <string>

namespace ias::p11::fake {

// The fake card's PINs (the values of docs/card-profile.md) and keys.
inline constexpr std::uint32_t kAuthPin = 0x01;  // "1234", 4..8, 3 tries: authentication token user PIN
inline constexpr std::uint32_t kSignPin = 0x81;  // "123456", 6..8, 3 tries: signature token user PIN
inline constexpr std::uint32_t kPuk = 0x02;      // "12345678", 8..8, 10 tries: SO PIN of both tokens

class FakeControl {
public:
    virtual ~FakeControl() = default;
    // `readers` readers named "Fake Reader 0", "Fake Reader 1" …, each with a fresh card when `withCards`.
    virtual void reset(int readers, bool withCards) = 0;
    virtual void addReader(const std::string& name) = 0;
    virtual void removeReader(const std::string& name) = 0;
    // Puts back the card removed last from that reader, or a fresh card.
    virtual void insertCard(const std::string& reader) = 0;
    virtual void removeCard(const std::string& reader) = 0;
    // Another process reset the card: every verified PIN is forgotten by the card.
    virtual void resetCardSecurity(const std::string& reader) = 0;
    // Counters and state of the card in `reader` (default: the first reader).
    virtual int verifyCount(std::uint32_t pin, const std::string& reader = "Fake Reader 0") = 0;
    virtual int signCount(const std::string& reader = "Fake Reader 0") = 0;
    virtual int triesLeft(std::uint32_t pin, const std::string& reader = "Fake Reader 0") = 0;
    virtual void setTriesLeft(std::uint32_t pin, int tries, const std::string& reader = "Fake Reader 0") = 0;
    // PIN-pad (or the module's own dialog): the PIN comes from outside; "" = the user cancels.
    virtual void setProtectedPath(std::uint32_t pin, bool on, const std::string& pinpadAnswer,
                                  const std::string& reader = "Fake Reader 0") = 0;
    // The module's own dialog for a use of an always-authenticate key without a context-specific login
    // (pin.dialog_context): `answer` is what the user types, "" = the user cancels the dialog shown,
    // std::nullopt = no dialog can be shown (no display).
    virtual void setContextDialog(std::uint32_t pin, bool on, const std::optional<std::string>& answer,
                                  const std::string& reader = "Fake Reader 0") = 0;
    // Describe private keys as hidden until login (applies to cards connected afterwards).
    virtual void setKeysHiddenUntilLogin(bool hidden) = 0;
    // Build the next backend (the next C_Initialize) as the browsers' module does: the authentication
    // token only (TokenBackend::offers). reset() turns it off.
    virtual void setAuthenticationOnly(bool only) = 0;
    // Threads of the module inside the backend's wait for a reader change right now (a blocked
    // C_WaitForSlotEvent), and how often the module cancelled those waits (C_Finalize): what a test waits
    // for instead of sleeping and hoping the other thread got there.
    virtual int blockedWaits() = 0;
    virtual int waitCancels() = 0;
    // Number of describe() calls (card reads) so far.
    virtual int describeCount() = 0;
};

}  // namespace ias::p11::fake

extern "C" ias::p11::fake::FakeControl* ias_pkcs11_fake_control();
