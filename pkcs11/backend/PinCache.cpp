#include "PinCache.h"

#include <string>

#include "ModuleLog.h"

namespace ias::p11 {

void PinCache::remember(PinRef pin, const SecureBuffer& value) {
    if (!enabled_) return;
    entries_.erase(pin);  // the SecureBuffer wipes the old value
    entries_.emplace(pin, Entry{SecureBuffer::copyOf(value.view()), Clock::now()});
}

const SecureBuffer* PinCache::find(PinRef pin) {
    wipeExpired();
    const auto it = entries_.find(pin);
    return it == entries_.end() ? nullptr : &it->second.value;
}

namespace {
void logWipe(PinRef pin, const char* why) {
    logDebug("PIN cache: PIN " + std::to_string(pin) + " wiped (" + why + ")");
}
}  // namespace

PinCache::~PinCache() {
    for (const auto& e : entries_) logWipe(e.first, "connection closed");
}  // the SecureBuffers wipe themselves

void PinCache::forget(PinRef pin, const char* why) {
    if (entries_.erase(pin)) logWipe(pin, why);
}

void PinCache::wipeExpired() {
    const Clock::time_point now = Clock::now();
    std::erase_if(entries_, [&](const auto& e) {
        if (now - e.second.verifiedAt < lifetime_) return false;
        logWipe(e.first, "timeout");
        return true;
    });
}

}  // namespace ias::p11
