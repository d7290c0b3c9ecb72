#pragma once
// The static keys of the secure-messaging keysets the middleware may use, and the terminal's serial
// (SN.IFD), read from the project's configuration file (docs/ias-api.md, "Configuration"):
//
//   # /etc/ias-ecc/ias-ecc.conf, or the file named by IAS_ECC_CONF
//   sm.ifd_serial = 1122334455667788
//   sm.keyset.mf.01.enc = <32 hex digits>                            # keyset 01 of the MF
//   sm.keyset.mf.01.mac = <32 hex digits>
//   sm.keyset.E828BD080FD2504543432D654944.02.enc = <32 hex digits>  # keyset 02 local to that application
//
// Lines are `key = value`; `#` starts a comment line; keys this class does not know are left to others.
// Key values are decoded straight into SecureBuffers; the file is read into secure memory too.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/SecureBuffer.h"
#include "ias/sm/SmSession.h"

namespace ias::api {

class SmKeyStore {
public:
    // OpenSC's default ifd_serial, used when the file names none.
    static constexpr std::uint8_t kDefaultIfdSerial[8] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
    static constexpr const char* kDefaultPath = "/etc/ias-ecc/ias-ecc.conf";

    SmKeyStore();  // empty: no keysets, default SN.IFD

    // The file named by IAS_ECC_CONF, else kDefaultPath. A missing file gives an empty store (sane defaults:
    // no file needed); an unreadable or malformed one throws ApiError(Configuration) naming file and line.
    static SmKeyStore load();
    static std::filesystem::path configPath();
    static SmKeyStore fromFile(const std::filesystem::path& file);
    // Parses configuration text (e.g. a SecureBuffer's view). `origin` names it in error messages.
    static SmKeyStore parse(ByteView text, const std::string& origin = "configuration");

    // scope: the application's AID (upper-case hex) for a keyset local to it, or "mf".
    void setKeyset(const std::string& scope, std::uint8_t reference, ias::sm::Keyset keys);
    // The keyset, or nullptr when the store has none (or only one of its two keys).
    const ias::sm::Keyset* keyset(const std::string& scope, std::uint8_t reference) const;
    const Bytes& ifdSerial() const { return ifdSerial_; }
    void setIfdSerial(ByteView serial);  // 8 bytes
    std::size_t size() const { return keysets_.size(); }
    const std::string& origin() const { return origin_; }

private:
    std::map<std::pair<std::string, std::uint8_t>, ias::sm::Keyset> keysets_;
    Bytes ifdSerial_;
    std::string origin_ = "no configuration file";
};

}  // namespace ias::api
