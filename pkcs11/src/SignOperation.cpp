#include "SignOperation.h"

#include "CkError.h"

namespace ias::p11 {
namespace {

// Raw mechanisms gather at most this much (a DigestInfo of SHA-512 is 83 bytes; RSA inputs are below k-11).
constexpr std::size_t kMaxRawInput = 1024;

std::optional<HashAlg> hashOfMechanism(CK_MECHANISM_TYPE m) {
    switch (m) {
        case CKM_SHA_1:
            return HashAlg::Sha1;
        case CKM_SHA224:
            return HashAlg::Sha224;
        case CKM_SHA256:
            return HashAlg::Sha256;
        case CKM_SHA384:
            return HashAlg::Sha384;
        case CKM_SHA512:
            return HashAlg::Sha512;
        default:
            return std::nullopt;
    }
}

// CK_RSA_PKCS_PSS_PARAMS must name what the card does: MGF1 with the same hash, salt as long as the hash.
HashAlg checkPssParams(const CK_MECHANISM& m, const MechanismSpec& spec, const PrivateKeyInfo& key) {
    require(m.pParameter != nullptr && m.ulParameterLen == sizeof(CK_RSA_PKCS_PSS_PARAMS),
            CKR_MECHANISM_PARAM_INVALID);
    const auto* p = static_cast<const CK_RSA_PKCS_PSS_PARAMS*>(m.pParameter);
    std::optional<HashAlg> hash = hashOfMechanism(p->hashAlg);
    require(hash.has_value(), CKR_MECHANISM_PARAM_INVALID);
    if (spec.moduleHash) require(*hash == *spec.moduleHash, CKR_MECHANISM_PARAM_INVALID);
    require(p->mgf == mgfOf(*hash), CKR_MECHANISM_PARAM_INVALID);
    require(p->sLen == hashLength(*hash), CKR_MECHANISM_PARAM_INVALID);
    bool cardDoes = false;
    for (HashAlg a : key.algorithms.rsaPss) cardDoes = cardDoes || a == *hash;
    require(cardDoes, CKR_MECHANISM_PARAM_INVALID);
    return *hash;
}

}  // namespace

SignOperation::SignOperation(const CK_MECHANISM& mechanism, CK_OBJECT_HANDLE keyHandle,
                             const PrivateKeyInfo& key, bool protectedPath)
    : spec_(findMechanism(mechanism.mechanism)),
      keyHandle_(keyHandle),
      keyRef_(key.ref),
      alwaysAuthenticate_(key.alwaysAuthenticate) {
    require(spec_ != nullptr, CKR_MECHANISM_INVALID);
    require(key.sign, CKR_KEY_FUNCTION_NOT_PERMITTED);
    require(key.kind == spec_->kind, CKR_KEY_TYPE_INCONSISTENT);
    require(keyAcceptsMechanism(key, *spec_, protectedPath) && keyCanSign(key, *spec_),
            CKR_MECHANISM_INVALID);
    if (spec_->pssParams) {
        pssHash_ = checkPssParams(mechanism, *spec_, key);
    } else {
        require(mechanism.pParameter == nullptr || mechanism.ulParameterLen == 0,
                CKR_MECHANISM_PARAM_INVALID);
    }
    if (spec_->moduleHash) hasher_ = std::make_unique<Hasher>(*spec_->moduleHash);
    modulusBytes_ = (key.bits + 7) / 8;
    signatureLength_ = key.kind == KeyKind::Rsa ? modulusBytes_ : 2 * ((key.bits + 7) / 8);
}

void SignOperation::update(ByteView data) {
    if (hasher_) {
        hasher_->update(data);
        return;
    }
    require(data_.size() + data.size() <= kMaxRawInput, CKR_DATA_LEN_RANGE);
    append(data_, data);
}

SignRequest SignOperation::finish() {
    SignRequest r;
    r.scheme = spec_->scheme;
    if (hasher_) {
        Bytes hash = hasher_->finish();
        r.hash = hasher_->algorithm();
        prepared_ = spec_->scheme == SignScheme::RsaPkcs1 ? digestInfo(*r.hash, hash) : std::move(hash);
    } else {
        prepared_ = std::move(data_);
        switch (spec_->scheme) {
            case SignScheme::RsaPkcs1:
                require(!prepared_.empty() && prepared_.size() + 11 <= modulusBytes_, CKR_DATA_LEN_RANGE);
                r.hash = hashOfDigestInfo(prepared_);
                break;
            case SignScheme::RsaPss:
                require(prepared_.size() == hashLength(*pssHash_), CKR_DATA_LEN_RANGE);
                r.hash = pssHash_;
                break;
            case SignScheme::Ecdsa:
                require(!prepared_.empty() && prepared_.size() <= 64, CKR_DATA_LEN_RANGE);
                r.hash = hashOfLength(prepared_.size());
                break;
        }
    }
    r.input = prepared_;
    return r;
}

}  // namespace ias::p11
