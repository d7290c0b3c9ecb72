// The terminal's SM session: device authentication (open) and protected command/answer pairs (transmit).
#include "ias/sm/SmSession.h"

#include <stdexcept>

#include "DeviceAuthentication.h"
#include "SmMessages.h"

namespace ias::sm {

namespace {

constexpr std::uint8_t kAlgorithmSha1 = 0x0C;
constexpr std::uint8_t kAlgorithmSha256 = 0x8C;
constexpr std::size_t kMaxPlainChunk = 0xFFF0;  // leaves room for DO87's padding and the other DOs

void requireSize(ByteView v, std::size_t n, const char* what) {
    if (v.size() != n)
        throw std::invalid_argument(std::string("SM open: ") + what + " must be " + std::to_string(n) +
                                    " bytes");
}

}  // namespace

SmSession SmSession::open(Transport& transport, const Keyset& keys, ByteView snIfd, ByteView snIcc,
                          KdfHash kdf, std::uint8_t keysetRef, std::uint8_t algorithm,
                          const RandomSource& random) {
    using detail::kRandomSize;
    requireSize(keys.enc.view(), 16, "the static ENC key");
    requireSize(keys.mac.view(), 16, "the static MAC key");
    requireSize(snIfd, detail::kSerialSize, "SN.IFD");
    requireSize(snIcc, detail::kSerialSize, "SN.ICC");
    if ((algorithm == kAlgorithmSha1 && kdf != KdfHash::Sha1) ||
        (algorithm == kAlgorithmSha256 && kdf != KdfHash::Sha256))
        throw std::invalid_argument("SM open: algorithm 0C goes with SHA-1, 8C with SHA-256");
    if (!random) throw std::invalid_argument("SM open: no random source");

    // MSE SET AT for mutual authentication: algorithm and keyset (facts §6 step 2).
    const std::uint8_t crt[] = {0x80, 0x01, algorithm, 0x83, 0x01, keysetRef};
    const ResponseApdu mse = transport.transmit(CommandApdu(0x00, 0x22, 0xC1, 0xA4, ByteView(crt)));
    if (!mse.ok())
        throw SmError(SmFailureReason::SetupRejected,
                      "MSE SET AT for keyset " + toHex(ByteView(&keysetRef, 1)), mse.sw());

    const ResponseApdu challenge = transport.transmit(CommandApdu(0x00, 0x84, 0x00, 0x00, ByteView{}, 8));
    if (!challenge.ok()) throw SmError(SmFailureReason::SetupRejected, "GET CHALLENGE", challenge.sw());
    if (challenge.data().size() != kRandomSize)
        throw SmError(SmFailureReason::SetupRejected, "GET CHALLENGE did not return 8 bytes", challenge.sw());
    const ByteView rndIcc = view(challenge.data());

    SecureBuffer rndIfd(kRandomSize), kIfd(detail::kKeyHalfSize);
    rndIfd.resize(kRandomSize);
    kIfd.resize(detail::kKeyHalfSize);
    random(rndIfd.span());
    random(kIfd.span());

    const Bytes cryptogram =
        detail::terminalCryptogram(keys, rndIfd.view(), snIfd, rndIcc, snIcc, kIfd.view());
    const ResponseApdu answer =
        transport.transmit(CommandApdu(0x00, 0x82, 0x00, 0x00, view(cryptogram), detail::kAuthMessageSize));
    if (!answer.ok())
        throw SmError(SmFailureReason::AuthenticationFailed,
                      "the card refused our MUTUAL AUTHENTICATE: its static keys for keyset " +
                          toHex(ByteView(&keysetRef, 1)) + " differ from ours, or the challenge expired",
                      answer.sw());
    const SecureBuffer kIcc =
        detail::acceptCardCryptogram(keys, view(answer.data()), rndIcc, snIcc, rndIfd.view(), snIfd);

    return SmSession(transport, deriveSessionKeys(kIfd.view(), kIcc.view(), kdf), rndIcc, rndIfd.view());
}

SmSession::SmSession(Transport& transport, SessionKeys keys, ByteView rndIcc, ByteView rndIfd)
    : transport_(&transport), kEnc_(std::move(keys.enc)), kMac_(std::move(keys.mac)) {
    // SSC = RND.ICC[4..7] || RND.IFD[4..7] (facts §6 step 6).
    std::copy(rndIcc.begin() + 4, rndIcc.end(), ssc_.begin());
    std::copy(rndIfd.begin() + 4, rndIfd.end(), ssc_.begin() + 4);
}

void SmSession::close() noexcept {
    kEnc_ = SecureBuffer();  // freeing wipes
    kMac_ = SecureBuffer();
    ssc_.fill(0);
}

void SmSession::setMaxPlainChunk(std::size_t bytes) {
    if (bytes < 8 || bytes > kMaxPlainChunk)
        throw std::invalid_argument("SM: plain chunk size must be 8 .. 65520 bytes");
    maxPlainChunk_ = bytes;
}

ResponseApdu SmSession::exchange(const CommandApdu& part) {
    // Any failure closes the session: after an SM fault nothing of the answer may be used, and after a
    // transport fault (card removed or reset) the card's SSC is no longer known to match ours.
    try {
        // The SSC steps once for the command and once for the answer, whatever the answer is.
        detail::incrementSsc(ssc_);
        const CommandApdu wrapped = detail::wrapCommand(kEnc_.view(), kMac_.view(), ssc_, part);
        const ResponseApdu answer = transport_->transmit(wrapped);
        detail::incrementSsc(ssc_);
        return detail::unwrapResponse(kEnc_.view(), kMac_.view(), ssc_, answer);
    } catch (...) {
        close();
        throw;
    }
}

ResponseApdu SmSession::transmit(const CommandApdu& plain) {
    if (!isOpen()) throw SmError(SmFailureReason::SessionClosed, "open a new session first");
    if (plain.isSecureMessaging())
        throw std::invalid_argument("SM transmit: the command already has SM bits");

    const std::vector<CommandApdu> parts = plain.chain(maxPlainChunk_);
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
        ResponseApdu partAnswer = exchange(parts[i]);
        // A part the card did not take ends the chain; its (verified) answer is the command's answer.
        if (!partAnswer.ok()) return partAnswer;
    }
    return exchange(parts.back());
}

}  // namespace ias::sm
