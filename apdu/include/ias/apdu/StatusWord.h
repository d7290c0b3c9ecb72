#pragma once
// ISO 7816-4 status words and the one table that turns an error status into a typed CardError.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace ias {

struct StatusWord {
    std::uint8_t sw1 = 0;
    std::uint8_t sw2 = 0;

    constexpr StatusWord() = default;
    constexpr StatusWord(std::uint8_t s1, std::uint8_t s2) : sw1(s1), sw2(s2) {}
    constexpr explicit StatusWord(std::uint16_t sw)
        : sw1(static_cast<std::uint8_t>(sw >> 8)), sw2(static_cast<std::uint8_t>(sw)) {}
    constexpr std::uint16_t value() const { return static_cast<std::uint16_t>((sw1 << 8) | sw2); }
    constexpr bool ok() const { return sw1 == 0x90 && sw2 == 0x00; }
    // 6282 (end of file reached before Le bytes) and 62xx/63xx warnings other than 63Cx count as success
    // for data-returning commands, as IAS-ECC readers of EF content expect.
    constexpr bool isWarning() const { return sw1 == 0x62 || (sw1 == 0x63 && (sw2 & 0xF0) != 0xC0); }
    std::string toString() const;  // "6A82"
    friend constexpr bool operator==(StatusWord, StatusWord) = default;
};

namespace sw {
inline constexpr StatusWord Ok{0x90, 0x00};
inline constexpr StatusWord EndOfFile{0x62, 0x82};
inline constexpr StatusWord WrongLength{0x67, 0x00};
inline constexpr StatusWord LogicalChannelNotSupported{0x68, 0x81};
inline constexpr StatusWord SmNotSupported{0x68, 0x82};
inline constexpr StatusWord CommandIncompatible{0x69, 0x81};
inline constexpr StatusWord SecurityStatusNotSatisfied{0x69, 0x82};
inline constexpr StatusWord AuthMethodBlocked{0x69, 0x83};
inline constexpr StatusWord ReferenceDataNotUsable{0x69, 0x84};
inline constexpr StatusWord ConditionsNotSatisfied{0x69, 0x85};
inline constexpr StatusWord CommandNotAllowedNoEf{0x69, 0x86};
inline constexpr StatusWord SmDataObjectsMissing{0x69, 0x87};
inline constexpr StatusWord SmDataObjectsIncorrect{0x69, 0x88};
inline constexpr StatusWord WrongData{0x6A, 0x80};
inline constexpr StatusWord FunctionNotSupported{0x6A, 0x81};
inline constexpr StatusWord FileNotFound{0x6A, 0x82};
inline constexpr StatusWord RecordNotFound{0x6A, 0x83};
inline constexpr StatusWord NotEnoughMemory{0x6A, 0x84};
inline constexpr StatusWord LcInconsistentWithP1P2{0x6A, 0x85};
inline constexpr StatusWord IncorrectP1P2{0x6A, 0x86};
inline constexpr StatusWord ReferencedDataNotFound{0x6A, 0x88};
inline constexpr StatusWord FileAlreadyExists{0x6A, 0x89};
inline constexpr StatusWord WrongP1P2{0x6B, 0x00};
inline constexpr StatusWord InsNotSupported{0x6D, 0x00};
inline constexpr StatusWord ClaNotSupported{0x6E, 0x00};
inline constexpr StatusWord NoPreciseDiagnosis{0x6F, 0x00};
}  // namespace sw

// What went wrong, independent of the exact status word. ias-api and pkcs11 map these kinds, never raw SWs.
enum class CardErrorKind {
    PinIncorrect,            // 63Cx: x tries left
    PinBlocked,              // 6983
    ReferenceNotUsable,      // 6984
    SecurityStatus,          // 6982
    ConditionsNotSatisfied,  // 6985
    SmFailure,               // 6987, 6988, 6882
    FileNotFound,            // 6A82
    DataNotFound,            // 6A88
    RecordNotFound,          // 6A83
    WrongParameters,         // 6A86, 6B00, 6A80, 6A85, 6A87
    WrongLength,             // 6700
    NotSupported,            // 6D00, 6E00, 6A81, 6881
    Memory,                  // 6A84, 6581
    FileExists,              // 6A89
    Other,
};

class CardError : public std::runtime_error {
public:
    CardError(CardErrorKind kind, StatusWord sw, const std::string& context);
    CardErrorKind kind() const { return kind_; }
    StatusWord statusWord() const { return sw_; }

private:
    CardErrorKind kind_;
    StatusWord sw_;
};

class PinIncorrect : public CardError {
public:
    PinIncorrect(StatusWord sw, const std::string& context);
    int triesLeft() const { return statusWord().sw2 & 0x0F; }
};

// The one table: maps a non-success status word to its kind.
CardErrorKind classifyStatus(StatusWord sw);
// Throws the typed CardError for `sw` (PinIncorrect for 63Cx). `context` names the command ("VERIFY").
[[noreturn]] void throwCardError(StatusWord sw, const std::string& context);

}  // namespace ias
