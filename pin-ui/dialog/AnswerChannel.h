#pragma once
// The dialog's side of the pipe: the request comes in on stdin, exactly one answer goes out on stdout.
#include <optional>
#include <string_view>

#include "ias/apdu/SecureBuffer.h"
#include "ias/pinui/PinRequest.h"

namespace ias::pinui::dialog {

// Reads stdin byte by byte up to "END\n" (so nothing the client sends later is swallowed) and parses it.
// Writes "ERROR bad request" and returns nothing when it is not a request.
std::optional<PinRequest> readRequest();

// "OK <pin>\n", assembled in secure memory and written with one loop of write(2); false if it could not be
// written whole. Only the first answer of the process is written, later calls do nothing.
bool answerPin(ByteView pin);
// "CANCEL\n", "SHOWN\n", "ERROR <reason>\n": lines that never hold a secret.
bool answerLine(std::string_view line);
bool answered();

// Ends the output side (the client sees end of file) while the process lives on.
void closeAnswerChannel();

}  // namespace ias::pinui::dialog
