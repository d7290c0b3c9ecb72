#pragma once
// Sample files of tests/ias-api/data (made by make_pkcs15_samples.py) and small helpers.
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>

#include "ias/apdu/Bytes.h"

namespace ias::api::test {

inline std::string dataPath(const std::string& name) {
    return std::string(IAS_API_TEST_DATA) + "/" + name;
}

inline Bytes readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline Bytes sample(const std::string& name) {
    return readFile(dataPath(name));
}

// key=value lines written by the sample script from openssl's output.
inline std::map<std::string, std::string> expectations(const std::string& name) {
    std::ifstream in(dataPath(name));
    if (!in) throw std::runtime_error("cannot open " + name);
    std::map<std::string, std::string> out;
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return out;
}

}  // namespace ias::api::test
