#pragma once
// One libFuzzer entry point per parser: any input must parse or throw Pkcs15Error. Another exception
// escaping, a sanitizer report, a crash or a hang is a finding.
#include <cstddef>
#include <cstdint>

#include "ias/apdu/Bytes.h"
#include "ias/api/Pkcs15Error.h"

#define IAS_FUZZ_PARSER(call)                                                           \
    extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { \
        const ias::ByteView input(data, size);                                          \
        try {                                                                           \
            (void)call(input);                                                          \
        } catch (const ias::api::Pkcs15Error&) {                                        \
        }                                                                               \
        return 0;                                                                       \
    }
