#pragma once
// Where the test "types" on the pad: a small text file the driver reads at the moment of each PIN entry.
//   line 1: the PIN (verify) or the current PIN (modify), or the word "cancel" / "timeout"
//   line 2: the new PIN (modify);  line 3: its confirmation (absent: the same as line 2)
// No file means nobody typed: the entry times out (64 00).
#include <string>

#include "PinPadCommand.h"

namespace ias::pinpad {

TypedEntry readTypedEntry(const std::string& path);
// Overwrites the typed digits before the strings are freed.
void wipe(TypedEntry& entry);
void wipe(std::vector<std::uint8_t>& bytes);

}  // namespace ias::pinpad
