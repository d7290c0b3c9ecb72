// libFuzzer target: ias::api::parseOdf.
#include "FuzzParser.h"
#include "ias/api/Odf.h"

IAS_FUZZ_PARSER(ias::api::parseOdf)
