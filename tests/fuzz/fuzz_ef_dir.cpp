// libFuzzer target: ias::api::parseEfDir.
#include "FuzzParser.h"
#include "ias/api/EfDir.h"

IAS_FUZZ_PARSER(ias::api::parseEfDir)
