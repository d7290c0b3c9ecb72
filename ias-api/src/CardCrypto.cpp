// Signatures and deciphering (facts §5): MSE SET with the key's SDO reference and the card algorithm, then
// INTERNAL AUTHENTICATE (DigestInfo), PSO HASH + PSO COMPUTE DIGITAL SIGNATURE (on-card hash completion or
// a finished digest), PSO CDS or INTERNAL AUTHENTICATE with data (RSA-PSS, ECDSA), PSO DECIPHER (chained).
// Each operation, with the optional PIN verification before it, is one card transaction.
#include <openssl/crypto.h>

#include "CardImpl.h"
#include "HashState.h"
#include "ias/apdu/Tlv.h"

namespace ias::api {
namespace {

struct Plan {
    std::uint8_t algorithm;
    std::size_t inputSize;  // 0: any
    bool hashOnCard;        // PSO HASH with the intermediate state
    bool digestOnCard;      // PSO HASH with the finished digest
};

Plan planFor(SignMechanism m) {
    switch (m) {
        case SignMechanism::RsaPkcs1:
            return {0x02, 0, false, false};
        case SignMechanism::RsaPkcs1Sha1:
            return {0x12, 0, true, false};
        case SignMechanism::RsaPkcs1Sha256:
            return {0x42, 0, true, false};
        case SignMechanism::RsaPkcs1Sha1Digest:
            return {0x12, 20, false, true};
        case SignMechanism::RsaPkcs1Sha256Digest:
            return {0x42, 32, false, true};
        case SignMechanism::RsaPssSha256:
            return {0x35, 32, false, false};
        case SignMechanism::RsaPssSha384:
            return {0x36, 48, false, false};
        case SignMechanism::RsaPssSha512:
            return {0x37, 64, false, false};
        case SignMechanism::Ecdsa:
            return {0x70, 0, false, false};
    }
    throw ApiError(ApiErrorKind::NotSupported, "unknown mechanism");
}

CommandApdu mse(std::uint8_t crt, std::uint8_t keyRef, std::uint8_t algorithm) {
    const Bytes data{0x84, 0x01, static_cast<std::uint8_t>(0x80 | keyRef), 0x80, 0x01, algorithm};
    return CommandApdu(0x00, 0x22, 0x41, crt, data);
}

}  // namespace

void Card::readSdoDescriptions() {
    application();
    impl_->run(Impl::Kind::PublicRead, [&] {
        for (const PinInfo& pin : impl_->app->pins) {
            try {
                impl_->chvInfo(pin);
            } catch (const ApiError&) {
            } catch (const CardError&) {
            }
        }
        for (const KeyInfo& key : impl_->app->keys) {
            try {
                impl_->sdo(Impl::Df::App, detail::sdo::kPrivateKey, key.keyReference, 0xA0);
            } catch (const ApiError&) {
            } catch (const CardError&) {
            }
        }
    });
}

Bytes Card::sign(ByteView keyId, SignMechanism mechanism, ByteView input, const SecureBuffer* pin) {
    application();
    const KeyInfo& key = impl_->key(keyId);
    if (!key.supports(mechanism))
        throw ApiError(ApiErrorKind::NotSupported, key.label + " does not support " + toString(mechanism));
    const Plan plan = planFor(mechanism);
    if (plan.inputSize && input.size() != plan.inputSize)
        throw ApiError(ApiErrorKind::InvalidInput, std::string(toString(mechanism)) + " signs a " +
                                                       std::to_string(plan.inputSize) + "-byte hash");
    // PKCS#1 v1.5: the card pads any input up to k - 11 bytes (type 1 padding takes 11), as OpenSC sends it
    // (INTERNAL AUTHENTICATE or PSO CDS with data). Hashes (PSS, ECDSA) are at most 64 bytes.
    if (mechanism == SignMechanism::RsaPkcs1) {
        if (input.empty() || (key.bits && input.size() + 11 > key.bits / 8))
            throw ApiError(ApiErrorKind::InvalidInput, "PKCS#1 v1.5 signs 1 to k - 11 bytes");
        if (input.size() > 255 && !impl_->transport.supportsExtendedLength())
            throw ApiError(ApiErrorKind::InvalidInput, "more than 255 bytes to sign need extended length");
    } else if (!plan.hashOnCard && (input.empty() || input.size() > 128)) {
        throw ApiError(ApiErrorKind::InvalidInput, "the input to sign must be 1 to 128 bytes");
    }

    Bytes signature;
    impl_->run(Impl::Kind::Stateful, [&] {
        if (pin) impl_->verifyInTransaction(impl_->pin(view(key.pinAuthId)), *pin);
        const auto docp = impl_->sdo(Impl::Df::App, detail::sdo::kPrivateKey, key.keyReference, 0xA0);
        if (!docp || !docp->rules) throw ApiError(ApiErrorKind::NotFound, key.label + ": no key on the card");
        const detail::Scb cds = docp->rules->rule(detail::op::kKeyCds);
        const detail::Scb internalAuth = docp->rules->rule(detail::op::kKeyInternalAuth);
        // DigestInfo: INTERNAL AUTHENTICATE (what client authentication uses); hash forms need PSO CDS.
        // PSS/ECDSA: PSO CDS spends the PIN verification on IAS-ECC, so a key that is used under one login
        // (TLS client authentication, many handshakes) goes by INTERNAL AUTHENTICATE where its rules allow;
        // a key that needs its PIN for every signature goes by PSO CDS where they allow.
        bool useCds = plan.hashOnCard || plan.digestOnCard;
        if (mechanism == SignMechanism::RsaPkcs1)
            useCds = internalAuth.never();
        else if (!useCds)
            useCds = key.alwaysAuthenticate ? !cds.never() : internalAuth.never();
        const detail::Scb rule = useCds ? cds : internalAuth;
        if (rule.never())
            throw ApiError(ApiErrorKind::NotSupported, key.label + ": the card never allows this");
        if (rule.secureMessaging())
            impl_->openSm(rule, Impl::Df::App);
        else
            impl_->selectApp();

        const std::size_t bytes = key.type == KeyType::Rsa ? key.bits / 8 : 2 * ((key.bits + 7) / 8);
        const std::size_t le = bytes <= 256 || !impl_->transport.supportsExtendedLength() ? 256 : bytes;
        auto checked = [&](const ResponseApdu& r, const char* what) {
            if (r.sw() == sw::SecurityStatusNotSatisfied)
                throw ApiError(ApiErrorKind::PinRequired,
                               key.label + ": the card wants the PIN verified first" +
                                   (key.alwaysAuthenticate ? " (for every signature with this key)" : ""));
            r.check(what);
        };
        checked(impl_->transmit(mse(useCds ? 0xB6 : 0xA4, key.keyReference, plan.algorithm)), "MSE SET");
        ResponseApdu r;
        if (!useCds) {
            r = impl_->transmit(CommandApdu(0x00, 0x88, 0x00, 0x00, input, le));
            checked(r, "INTERNAL AUTHENTICATE");
        } else if (plan.hashOnCard || plan.digestOnCard) {
            Bytes data;
            if (plan.digestOnCard) {
                appendTlv(data, 0x90, input);
            } else {
                const auto p = detail::partialHash(
                    plan.algorithm == 0x12 ? detail::ShaKind::Sha1 : detail::ShaKind::Sha256, input);
                appendTlv(data, 0x90, view(p.state));
                appendTlv(data, 0x80, view(p.remainder));
            }
            checked(impl_->transmit(CommandApdu(0x00, 0x2A, 0x90, 0xA0, data)), "PSO HASH");
            r = impl_->transmit(CommandApdu(0x00, 0x2A, 0x9E, 0x9A, ByteView{}, le));
            checked(r, "PSO COMPUTE DIGITAL SIGNATURE");
        } else {
            r = impl_->transmit(CommandApdu(0x00, 0x2A, 0x9E, 0x9A, input, le));
            checked(r, "PSO COMPUTE DIGITAL SIGNATURE");
        }
        if (r.data().empty()) throw ApiError(ApiErrorKind::CardContent, "the card answered no signature");
        // An RSA signature is k bytes (RFC 8017, I2OSP), an ECDSA one r || s of the field size each: an
        // answer of another length is a broken card, never a signature to hand on.
        if (key.bits != 0 && r.data().size() != bytes)
            throw ApiError(ApiErrorKind::CardContent, "the card answered a signature of " +
                                                          std::to_string(r.data().size()) + " bytes; " +
                                                          key.label + " makes " + std::to_string(bytes));
        signature = std::move(r.data());
    });
    return signature;
}

SecureBuffer Card::decipher(ByteView keyId, ByteView cryptogram, const SecureBuffer* pin) {
    application();
    const KeyInfo& key = impl_->key(keyId);
    if (!key.canDecipher || key.type != KeyType::Rsa)
        throw ApiError(ApiErrorKind::NotSupported, key.label + " cannot decipher");
    if (cryptogram.size() != key.bits / 8)
        throw ApiError(ApiErrorKind::InvalidInput, "the cryptogram must be as long as the modulus");
    std::uint8_t algorithm = 0x1A;
    for (std::uint8_t a : key.cardAlgorithms)
        if (a == 0x0A || a == 0x1A) algorithm = a;

    SecureBuffer plain;
    impl_->run(Impl::Kind::Stateful, [&] {
        if (pin) impl_->verifyInTransaction(impl_->pin(view(key.pinAuthId)), *pin);
        const auto docp = impl_->sdo(Impl::Df::App, detail::sdo::kPrivateKey, key.keyReference, 0xA0);
        if (!docp || !docp->rules) throw ApiError(ApiErrorKind::NotFound, key.label + ": no key on the card");
        const detail::Scb rule = docp->rules->rule(detail::op::kKeyDecipher);
        if (rule.never())
            throw ApiError(ApiErrorKind::NotSupported, key.label + ": the card never deciphers");
        if (rule.secureMessaging())
            impl_->openSm(rule, Impl::Df::App);
        else
            impl_->selectApp();
        auto checked = [&](const ResponseApdu& r, const char* what) {
            if (r.sw() == sw::SecurityStatusNotSatisfied)
                throw ApiError(ApiErrorKind::PinRequired,
                               key.label + ": the card wants the PIN verified first");
            r.check(what);
        };
        checked(impl_->transmit(mse(0xB8, key.keyReference, algorithm)), "MSE SET");
        Bytes data{0x81};  // padding indicator: the cryptogram follows
        append(data, cryptogram);
        const CommandApdu whole(0x00, 0x2A, 0x80, 0x86, data, std::size_t{256});
        ResponseApdu r;
        const std::size_t send = impl_->identity->buffers.send;
        if (impl_->sm || data.size() <= std::min<std::size_t>(send, 255)) {
            r = impl_->transmit(whole);
        } else {
            const auto parts = whole.chain(std::min<std::size_t>(send, 255));
            for (std::size_t i = 0; i < parts.size(); ++i) {
                r = impl_->transmit(parts[i]);
                if (i + 1 < parts.size()) checked(r, "PSO DECIPHER (chained part)");
            }
        }
        if (!r.ok()) OPENSSL_cleanse(r.data().data(), r.data().size());
        checked(r, "PSO DECIPHER");
        // PKCS#1 v1.5 leaves at most k - 11 bytes of message (RFC 8017, 7.2.2): a longer answer is broken.
        if (key.bits != 0 && r.data().size() + 11 > key.bits / 8) {
            const std::size_t got = r.data().size();
            OPENSSL_cleanse(r.data().data(), r.data().size());
            throw ApiError(ApiErrorKind::CardContent,
                           "the card answered " + std::to_string(got) + " deciphered bytes; " + key.label +
                               " leaves at most " + std::to_string(key.bits / 8 - 11));
        }
        plain = SecureBuffer::copyOf(view(r.data()));
        OPENSSL_cleanse(r.data().data(), r.data().size());
    });
    return plain;
}

}  // namespace ias::api
