// libFuzzer target: ias::api::parsePukdf.
#include "FuzzParser.h"
#include "ias/api/Pukdf.h"

IAS_FUZZ_PARSER(ias::api::parsePukdf)
