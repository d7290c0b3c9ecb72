// libFuzzer target: ias::api::parseTokenInfo.
#include "FuzzParser.h"
#include "ias/api/TokenInfo.h"

IAS_FUZZ_PARSER(ias::api::parseTokenInfo)
