// libFuzzer target: ias::api::parseAodf.
#include "FuzzParser.h"
#include "ias/api/Aodf.h"

IAS_FUZZ_PARSER(ias::api::parseAodf)
