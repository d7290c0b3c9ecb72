#pragma once
// Input and output files: "-" or no file means stdin/stdout. Errors are ToolError(InputOutput).
#include <optional>
#include <string>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/SecureBuffer.h"

namespace ias::tool {

Bytes readInput(const std::optional<std::string>& path, std::size_t limit = 16u << 20);
void writeOutput(const std::optional<std::string>& path, ByteView data);
// Secrets (deciphered plaintext): the file is created with mode 0600; no copy outside secure memory.
void writeSecretOutput(const std::optional<std::string>& path, const SecureBuffer& data);

}  // namespace ias::tool
