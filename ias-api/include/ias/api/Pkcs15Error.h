#pragma once
// The one error every PKCS#15 and certificate parser throws: which file was bad and why.
#include <stdexcept>
#include <string>

namespace ias::api {

class Pkcs15Error : public std::runtime_error {
public:
    Pkcs15Error(std::string file, std::string reason);
    const std::string& file() const { return file_; }
    const std::string& reason() const { return reason_; }

private:
    std::string file_;
    std::string reason_;
};

}  // namespace ias::api
