// libFuzzer target: ias::api::parseCdf.
#include "FuzzParser.h"
#include "ias/api/Cdf.h"

IAS_FUZZ_PARSER(ias::api::parseCdf)
