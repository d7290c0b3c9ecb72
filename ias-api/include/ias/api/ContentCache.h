#pragma once
// Public card content (PKCS#15 files, certificates, public keys, SDO descriptions, security environments)
// kept in memory so that reading the same card again in one process costs no APDU. Entries are keyed by
// the card's identity (ATR and EF.SN serial) and a name the Card chooses ("file:<aid>/<fid>",
// "sdo:<df>/<BFccrr>" …). Nothing secret is ever stored here. Thread-safe; share one instance between the
// Card objects of a process (the PKCS#11 module does), or let each Card have its own. Usable in a forked
// child (which sees it empty).
#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ias/apdu/Bytes.h"

namespace ias::api {

class ContentCache {
public:
    ContentCache();
    ~ContentCache();
    ContentCache(const ContentCache&) = delete;
    ContentCache& operator=(const ContentCache&) = delete;

    std::optional<Bytes> get(const std::string& card, const std::string& name) const;
    void put(const std::string& card, const std::string& name, Bytes content);
    void erase(const std::string& card, const std::string& name);
    // Forgets everything about one card (after administration by another process, or on request).
    void forgetCard(const std::string& card);
    std::size_t size() const;
    // Every entry of one card (what a persistent copy keeps).
    std::vector<std::pair<std::string, Bytes>> entries(const std::string& card) const;

private:
    // The entries and their lock, owned by one process. After fork() the child starts from a fresh, empty
    // state: another thread of the parent may have held the copied lock at the fork, and the child would
    // wait for it forever. The parent's state is then abandoned in the child, never destroyed.
    struct State {
        const pid_t pid;
        std::mutex mutex;
        std::map<std::pair<std::string, std::string>, Bytes> entries;
    };
    State& state() const;
    mutable std::atomic<State*> state_;
};

// Where public card content may be kept between processes (Card::Options::persistentCacheDir):
// $IAS_ECC_CACHE_DIR (an absolute path; the test bed sets it), else
// `cache.dir` of the configuration file (IAS_ECC_CONF, else /etc/ias-ecc/ias-ecc.conf), else
// $XDG_CACHE_HOME/ias-ecc, else $HOME/.cache/ias-ecc. Empty (no persistent cache) when the configuration
// says `cache.persistent = no` or no directory can be named. Never throws.
std::string persistentCacheDirectory();

}  // namespace ias::api
