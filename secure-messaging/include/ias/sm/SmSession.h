#pragma once
// The terminal's (middleware's) side of CWA 14890 secure messaging as IAS-ECC cards use it
// (ias-ecc-card-facts.md §6, docs/secure-messaging.md "Terminal side"): device authentication with the
// static 3DES keys of a keyset, then every command wrapped (DO87/DO85, DO97, DO8E) and every response
// checked (DO8E over SSC || DO87 || DO99) before any of its data is used.
#include <array>
#include <cstdint>
#include <functional>
#include <span>

#include "ias/apdu/Bytes.h"
#include "ias/apdu/CommandApdu.h"
#include "ias/apdu/ResponseApdu.h"
#include "ias/apdu/SecureBuffer.h"
#include "ias/apdu/Transport.h"
#include "ias/sm/SmCrypto.h"
#include "ias/sm/SmError.h"

namespace ias::sm {

// The static keys of one SM keyset (SDO BF 8A kk: A2{90 MAC, 91 ENC}), 16 bytes each (2-key 3DES).
struct Keyset {
    SecureBuffer enc;
    SecureBuffer mac;
};

// Fills its argument with unpredictable bytes. open() draws RND.IFD (8 bytes) and then K.IFD (32 bytes) from
// it; tests replay known values through it.
using RandomSource = std::function<void(std::span<std::uint8_t>)>;
// OpenSSL's RAND_bytes; throws SmCryptoError when the generator fails.
RandomSource systemRandom();

// SN.ICC as the terminal forms it from the card serial (EF.SN): the last 8 bytes, or the serial left-padded
// with 00 when it is shorter.
Bytes snIccFromSerial(ByteView serial);

class SmSession {
public:
    // Largest plain data per command: the wrapped command (DO87 of 8k+9 bytes, DO97, DO8E) then still fits a
    // short APDU (Lc 249 for 224 bytes). OpenSC's SM_MAX_DATA_SIZE is the same 0xE0.
    static constexpr std::size_t kDefaultMaxPlainChunk = 0xE0;

    // Device authentication: MSE SET AT `00 22 C1 A4 06 80 01 algorithm 83 01 keysetRef`, GET CHALLENGE,
    // MUTUAL AUTHENTICATE. Checks the card's MAC (before decrypting), then RND.ICC, SN.ICC, RND.IFD and
    // SN.IFD in its answer, derives Kenc/Kmac with `kdf` and starts SSC = RND.ICC[4..7] || RND.IFD[4..7].
    // `snIfd` and `snIcc` are 8 bytes each. `algorithm` 0C goes with KdfHash::Sha1, 8C with Sha256.
    // Throws SmError (SetupRejected, AuthenticationFailed), std::invalid_argument for bad sizes, and the
    // transport's own errors (CardRemovedError …) as they are. The transport must outlive the session; run
    // open() and the session's commands inside one card transaction (another application's plain command ends
    // the card's session).
    static SmSession open(Transport& transport, const Keyset& keys, ByteView snIfd, ByteView snIcc,
                          KdfHash kdf, std::uint8_t keysetRef, std::uint8_t algorithm,
                          const RandomSource& random = systemRandom());

    // Sends a plain command under SM and returns the card's plain answer (data and the status from DO99).
    // Data longer than maxPlainChunk() goes out as a chain (CLA b5 on all parts but the last), each part a
    // wrapped command of its own whose answer must be a verified 9000. A plain error status from the card
    // (63Cx, 6982, 6A88 …: the card answers errors without SM) is returned as it is and the session stays
    // open; a plain 9000 or warning (62xx, 63xx but 63Cx) is refused. Anything else that is not a verified SM
    // answer closes the session and throws SmError; no data of such an answer is returned. Throws
    // SmError(SessionClosed) once the session is closed, and std::invalid_argument when `plain` already has
    // SM bits in CLA. A transport error (card removed, reset) closes the session too (the card's SSC is
    // unknown) and propagates as it is.
    ResponseApdu transmit(const CommandApdu& plain);

    bool isOpen() const { return !kMac_.empty(); }
    // Wipes the session keys. The card drops its own session at the next plain command.
    void close() noexcept;

    std::size_t maxPlainChunk() const { return maxPlainChunk_; }
    // 8 .. 0xFFF0; above 0xE0 the wrapped commands need extended length.
    void setMaxPlainChunk(std::size_t bytes);

    SmSession(SmSession&&) noexcept = default;
    SmSession& operator=(SmSession&&) noexcept = default;
    SmSession(const SmSession&) = delete;
    SmSession& operator=(const SmSession&) = delete;
    ~SmSession() = default;

private:
    SmSession(Transport& transport, SessionKeys keys, ByteView rndIcc, ByteView rndIfd);
    ResponseApdu exchange(const CommandApdu& part);

    Transport* transport_ = nullptr;
    SecureBuffer kEnc_;
    SecureBuffer kMac_;
    std::array<std::uint8_t, 8> ssc_{};  // public: it is made of the two challenges
    std::size_t maxPlainChunk_ = kDefaultMaxPlainChunk;
};

}  // namespace ias::sm
