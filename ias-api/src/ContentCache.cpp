#include "ias/api/ContentCache.h"

#include "ias/api/ConfigurationFile.h"
#include "ias/api/ConfigurationKeys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

#include "ias/apdu/SecureBuffer.h"

#include "ias/api/SmKeyStore.h"

namespace ias::api {

ContentCache::ContentCache() : state_(new State{getpid(), {}, {}}) {}

ContentCache::~ContentCache() {
    State* s = state_.load();
    if (s->pid == getpid()) delete s;  // a state copied from the parent may hold a locked mutex: leave it
}

ContentCache::State& ContentCache::state() const {
    State* s = state_.load(std::memory_order_acquire);
    while (s->pid != getpid()) {
        // A forked child: a fresh state; the first of the child's threads to get here installs it.
        auto* fresh = new State{getpid(), {}, {}};
        if (state_.compare_exchange_strong(s, fresh, std::memory_order_acq_rel)) return *fresh;
        delete fresh;  // `s` now names the state another thread installed
    }
    return *s;
}

std::optional<Bytes> ContentCache::get(const std::string& card, const std::string& name) const {
    State& s = state();
    std::lock_guard lock(s.mutex);
    const auto it = s.entries.find({card, name});
    if (it == s.entries.end()) return std::nullopt;
    return it->second;
}

void ContentCache::put(const std::string& card, const std::string& name, Bytes content) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    s.entries[{card, name}] = std::move(content);
}

void ContentCache::erase(const std::string& card, const std::string& name) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    s.entries.erase({card, name});
}

void ContentCache::forgetCard(const std::string& card) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    for (auto it = s.entries.begin(); it != s.entries.end();)
        it = it->first.first == card ? s.entries.erase(it) : std::next(it);
}

std::size_t ContentCache::size() const {
    State& s = state();
    std::lock_guard lock(s.mutex);
    return s.entries.size();
}

std::vector<std::pair<std::string, Bytes>> ContentCache::entries(const std::string& card) const {
    State& s = state();
    std::lock_guard lock(s.mutex);
    std::vector<std::pair<std::string, Bytes>> out;
    for (auto it = s.entries.lower_bound({card, std::string()});
         it != s.entries.end() && it->first.first == card; ++it)
        out.emplace_back(it->first.second, it->second);
    return out;
}

std::string persistentCacheDirectory() {
    try {
        std::string dir;
        bool enabled = true;
        const std::optional<SecureBuffer> config = readConfigurationFile(SmKeyStore::configPath());
        if (config)
            forEachSetting(std::string_view(reinterpret_cast<const char*>(config->data()), config->size()),
                           "cache.", [&](const ConfigurationSetting& s) {
                               if (s.key == "cache.persistent") enabled = parseYesNo(s.value).value_or(true);
                               if (s.key == "cache.dir") dir = std::string(s.value);
                           });
        if (!enabled) return {};
        // A test bed names its own (every test-bed card has the same serial but its own PKI).
        if (const char* e = std::getenv("IAS_ECC_CACHE_DIR"); e && *e == '/') return e;
        if (!dir.empty()) return dir;
        if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x == '/') return std::string(x) + "/ias-ecc";
        if (const char* h = std::getenv("HOME"); h && *h == '/') return std::string(h) + "/.cache/ias-ecc";
    } catch (...) {
    }
    return {};
}

}  // namespace ias::api
