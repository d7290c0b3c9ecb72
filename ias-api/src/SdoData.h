#pragma once
// Internal: the card's security data as the card layer reads it; one header for the three parts.
#include "AccessRules.h"
#include "Fcp.h"
#include "SdoAnswer.h"
