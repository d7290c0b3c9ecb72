// libFuzzer target: ias::api::parseCertificate.
#include "FuzzParser.h"
#include "ias/api/Certificate.h"

IAS_FUZZ_PARSER(ias::api::parseCertificate)
