#include "ias/api/ContentCache.h"

namespace ias::api {

std::optional<Bytes> ContentCache::get(const std::string& card, const std::string& name) const {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find({card, name});
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}

void ContentCache::put(const std::string& card, const std::string& name, Bytes content) {
    std::lock_guard lock(mutex_);
    entries_[{card, name}] = std::move(content);
}

void ContentCache::erase(const std::string& card, const std::string& name) {
    std::lock_guard lock(mutex_);
    entries_.erase({card, name});
}

void ContentCache::forgetCard(const std::string& card) {
    std::lock_guard lock(mutex_);
    for (auto it = entries_.begin(); it != entries_.end();)
        it = it->first.first == card ? entries_.erase(it) : std::next(it);
}

std::size_t ContentCache::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace ias::api
