#pragma once
// One function per command (docs/ias-tool.md); each returns the exit code and throws for errors, which
// main() reports (ExitCode.h). Data goes to stdout or --out, messages to stderr.
#include "Args.h"

namespace ias::tool {

int runReaders(const Args& args);     // CommandReaders.cpp
int runInfo(const Args& args);        // CommandInfo.cpp
int runList(const Args& args);        // CommandList.cpp
int runCert(const Args& args);        // CommandCertificates.cpp
int runImportCert(const Args& args);  // CommandCertificates.cpp
int runExport(const Args& args);      // CommandExport.cpp
int runPin(const Args& args);         // CommandPin.cpp
int runSign(const Args& args);        // CommandCrypto.cpp
int runDecipher(const Args& args);    // CommandCrypto.cpp
int runApdu(const Args& args);        // CommandApdu.cpp
int runGenerate(const Args& args);    // CommandGenerate.cpp
int runCsr(const Args& args);         // CommandCsr.cpp
int runCard(const Args& args);        // CommandCard.cpp
int runChallenge(const Args& args);   // CommandChallenge.cpp

}  // namespace ias::tool
