#pragma once
// How a command handler ends with an error status word: it throws StatusError and the dispatcher answers
// with the status word alone (no data), as a card does.
#include <exception>

#include "ias/apdu/StatusWord.h"

namespace ias::vcard {

class StatusError : public std::exception {
public:
    explicit StatusError(StatusWord sw) : sw_(sw) {}
    StatusWord sw() const { return sw_; }
    const char* what() const noexcept override { return "card status"; }

private:
    StatusWord sw_;
};

[[noreturn]] inline void fail(StatusWord sw) {
    throw StatusError(sw);
}

}  // namespace ias::vcard
