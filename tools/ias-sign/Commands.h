#pragma once
// The commands of ias-sign (docs/ias-sign.md); each returns the process's exit code.
#include <functional>
#include <string>

#include "OpenSsl.h"
#include "Options.h"
#include "SignatureAlgorithm.h"

namespace ias::sign {

int runSign(const Options& options);
int runCosign(const Options& options);
int runVerify(const Options& options);
int runCountersign(const Options& options);

// A document read whole for an enveloping signature (at most kEnvelopedDocumentLimit; ToolError otherwise).
Bytes readDocumentToEnvelop(const std::string& path);

// The digest of --digest (sha256 default, sha384, sha512). UsageError otherwise.
const EVP_MD* chosenDigest(const Options& options);
// RSA-PSS with --pss, else PKCS#1 v1.5 (EC keys: ECDSA either way; --pss with one is refused by CardKey).
RsaPadding chosenPadding(const Options& options);

// What is done to a new signer once its signature value is in: with --tsa URL, an RFC 3161 time-stamp of it
// (TimeStamp.h); without, nothing. The URL is checked here, before the card is used.
using SignerFinish = std::function<void(CMS_SignerInfo*)>;
SignerFinish timeStamper(const Options& options, const EVP_MD* md);

}  // namespace ias::sign
