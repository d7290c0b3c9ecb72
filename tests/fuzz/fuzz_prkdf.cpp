// libFuzzer target: ias::api::parsePrkdf.
#include "FuzzParser.h"
#include "ias/api/Prkdf.h"

IAS_FUZZ_PARSER(ias::api::parsePrkdf)
