#pragma once
// Clears the CPU's vector registers. SIMD code that has just processed a secret (libsodium's BLAKE2b hashing
// a PIN) leaves its last message words in registers such as xmm15, which little later code touches: a core
// dump of the process then still shows the PIN long after every buffer was wiped (docs/pin-memory.md). Call
// it right after such code. A no-op on other architectures.
namespace ias {

void clearVectorRegisters() noexcept;

}  // namespace ias
