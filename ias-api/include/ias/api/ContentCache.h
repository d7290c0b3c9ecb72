#pragma once
// Public card content (PKCS#15 files, certificates, public keys, SDO descriptions, security environments)
// kept in memory so that reading the same card again in one process costs no APDU. Entries are keyed by
// the card's identity (ATR and EF.SN serial) and a name the Card chooses ("file:<aid>/<fid>",
// "sdo:<df>/<BFccrr>" …). Nothing secret is ever stored here. Thread-safe; share one instance between the
// Card objects of a process (the PKCS#11 module does), or let each Card have its own.
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "ias/apdu/Bytes.h"

namespace ias::api {

class ContentCache {
public:
    std::optional<Bytes> get(const std::string& card, const std::string& name) const;
    void put(const std::string& card, const std::string& name, Bytes content);
    void erase(const std::string& card, const std::string& name);
    // Forgets everything about one card (after administration by another process, or on request).
    void forgetCard(const std::string& card);
    std::size_t size() const;

private:
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, Bytes> entries_;
};

}  // namespace ias::api
