// Module: mechanisms, signatures and decryption.
#include <algorithm>
#include <cstring>

#include "CkError.h"
#include "Mechanisms.h"
#include "Module.h"

namespace ias::p11 {

void Module::getMechanismList(CK_SLOT_ID slot, CK_MECHANISM_TYPE_PTR list, CK_ULONG_PTR count) {
    require(count != nullptr, CKR_ARGUMENTS_BAD);
    SlotRef ref = slotRef(slot);
    ReaderLock lk(*ref.reader);
    Token& token = presentToken(*ref.reader, ref.role);
    const std::vector<CK_MECHANISM_TYPE> mechs = token.mechanisms();
    if (list == nullptr) {
        *count = mechs.size();
        return;
    }
    if (*count < mechs.size()) {
        *count = mechs.size();
        fail(CKR_BUFFER_TOO_SMALL);
    }
    std::copy(mechs.begin(), mechs.end(), list);
    *count = mechs.size();
}

void Module::getMechanismInfo(CK_SLOT_ID slot, CK_MECHANISM_TYPE type, CK_MECHANISM_INFO_PTR info) {
    require(info != nullptr, CKR_ARGUMENTS_BAD);
    SlotRef ref = slotRef(slot);
    ReaderLock lk(*ref.reader);
    Token& token = presentToken(*ref.reader, ref.role);
    const MechanismSpec* spec = findMechanism(type);
    require(spec != nullptr, CKR_MECHANISM_INVALID);
    CK_ULONG minBits = 0, maxBits = 0;
    CK_FLAGS flags = 0;
    for (const auto& key : token.description().privateKeys) {
        if (!keyAcceptsMechanism(key, *spec, token.userPin.protectedPath)) continue;
        if (keyCanSign(key, *spec)) flags |= CKF_SIGN;
        if (keyCanDecrypt(key, *spec)) flags |= CKF_DECRYPT;
        minBits = minBits == 0 ? key.bits : std::min<CK_ULONG>(minBits, key.bits);
        maxBits = std::max<CK_ULONG>(maxBits, key.bits);
    }
    require(flags != 0, CKR_MECHANISM_INVALID);
    flags |= CKF_HW;
    if (spec->kind == KeyKind::Ec) flags |= CKF_EC_F_P | CKF_EC_NAMEDCURVE | CKF_EC_UNCOMPRESS;
    info->ulMinKeySize = minBits;
    info->ulMaxKeySize = maxBits;
    info->flags = flags;
}

namespace {

const PrivateKeyInfo& keyOf(Token& token, CK_OBJECT_HANDLE handle, CK_RV wrongClass) {
    const P11Object* o = token.findVisible(handle);
    require(o != nullptr, CKR_KEY_HANDLE_INVALID);
    require(o->objectClass == CKO_PRIVATE_KEY, wrongClass);
    return token.privateKey(*o);
}

// A key used without the login it needs: the PIN has to come first.
void requireLoginFor(const Token& token, const PrivateKeyInfo& key) {
    if (key.needsLogin && !key.alwaysAuthenticate)
        require(token.login == LoginState::User, CKR_USER_NOT_LOGGED_IN);
}

}  // namespace

void Module::signInit(CK_SESSION_HANDLE handle, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key) {
    require(mechanism != nullptr, CKR_ARGUMENTS_BAD);
    auto session = sessionRef(handle);
    ReaderLock lk(*session->reader);
    Token& token = sessionToken(*session);
    require(!session->sign, CKR_OPERATION_ACTIVE);
    const PrivateKeyInfo& k = keyOf(token, key, CKR_KEY_TYPE_INCONSISTENT);
    auto op = std::make_unique<SignOperation>(*mechanism, key, k, token.userPin.protectedPath);
    requireLoginFor(token, k);
    session->sign = std::move(op);
}

void Module::signNow(Session& session, Token& token, CK_BYTE_PTR signature, CK_ULONG_PTR signatureLen) {
    SignOperation& op = *session.sign;
    const std::size_t length = op.signatureLength();
    if (signature == nullptr) {  // length query: the operation (and a context login) stays
        *signatureLen = length;
        return;
    }
    if (*signatureLen < length) {
        *signatureLen = length;
        fail(CKR_BUFFER_TOO_SMALL);
    }
    // From here on, success or failure ends the operation.
    std::unique_ptr<SignOperation> owned = std::move(session.sign);
    SignRequest request = owned->finish();
    Reader& reader = *session.reader;
    Bytes result;
    onCard(
        reader,
        [&](CardConnection& card) {
            if (owned->needsContextLogin() && !owned->contextAuthorised) {
                // No context-specific login: only a backend that obtains the PIN itself can go on.
                require(token.userPin.protectedPath || token.userPin.contextDialog, CKR_USER_NOT_LOGGED_IN);
                card.verifyPin(token.description().userPin, nullptr);
            }
            try {
                result = card.sign(owned->keyRef(), request);
            } catch (const BackendError& e) {
                // The card lost the login (another process reset it): say so truthfully.
                if (e.code() == BackendErrc::NotAuthenticated && !owned->needsContextLogin())
                    token.login = LoginState::Public;
                throw;
            }
        },
        &session);
    require(result.size() <= *signatureLen, CKR_GENERAL_ERROR);
    std::memcpy(signature, result.data(), result.size());
    *signatureLen = result.size();
}

void Module::sign(CK_SESSION_HANDLE handle, CK_BYTE_PTR data, CK_ULONG dataLen, CK_BYTE_PTR signature,
                  CK_ULONG_PTR signatureLen) {
    auto session = sessionRef(handle);
    ReaderLock lk(*session->reader);
    Token& token = sessionToken(*session);
    require(session->sign != nullptr, CKR_OPERATION_NOT_INITIALIZED);
    if (signatureLen == nullptr || (data == nullptr && dataLen != 0)) {
        session->sign.reset();
        fail(CKR_ARGUMENTS_BAD);
    }
    // C_Sign cannot finish a multi-part signature. PKCS #11 3.0 lists no "active" code for C_Sign: to it, no
    // single-part signature was begun; and a C_Sign that fails ends the operation (5.11), as here.
    if (session->sign->multipart) {
        session->sign.reset();
        fail(CKR_OPERATION_NOT_INITIALIZED);
    }
    if (signature != nullptr && *signatureLen >= session->sign->signatureLength()) {
        try {
            session->sign->update(ByteView(data, dataLen));
        } catch (...) {
            session->sign.reset();
            throw;
        }
    }
    signNow(*session, token, signature, signatureLen);
}

void Module::signUpdate(CK_SESSION_HANDLE handle, CK_BYTE_PTR part, CK_ULONG partLen) {
    auto session = sessionRef(handle);
    ReaderLock lk(*session->reader);
    sessionToken(*session);
    require(session->sign != nullptr, CKR_OPERATION_NOT_INITIALIZED);
    try {
        require(part != nullptr || partLen == 0, CKR_ARGUMENTS_BAD);
        session->sign->multipart = true;
        session->sign->update(ByteView(part, partLen));
    } catch (...) {
        session->sign.reset();
        throw;
    }
}

void Module::signFinal(CK_SESSION_HANDLE handle, CK_BYTE_PTR signature, CK_ULONG_PTR signatureLen) {
    auto session = sessionRef(handle);
    ReaderLock lk(*session->reader);
    Token& token = sessionToken(*session);
    require(session->sign != nullptr, CKR_OPERATION_NOT_INITIALIZED);
    if (signatureLen == nullptr) {
        session->sign.reset();
        fail(CKR_ARGUMENTS_BAD);
    }
    signNow(*session, token, signature, signatureLen);
}

void Module::decryptInit(CK_SESSION_HANDLE handle, CK_MECHANISM_PTR mechanism, CK_OBJECT_HANDLE key) {
    require(mechanism != nullptr, CKR_ARGUMENTS_BAD);
    auto session = sessionRef(handle);
    ReaderLock lk(*session->reader);
    Token& token = sessionToken(*session);
    require(!session->decrypt, CKR_OPERATION_ACTIVE);
    const PrivateKeyInfo& k = keyOf(token, key, CKR_KEY_TYPE_INCONSISTENT);
    require(mechanism->mechanism == CKM_RSA_PKCS, CKR_MECHANISM_INVALID);
    require(mechanism->pParameter == nullptr || mechanism->ulParameterLen == 0, CKR_MECHANISM_PARAM_INVALID);
    require(k.kind == KeyKind::Rsa, CKR_KEY_TYPE_INCONSISTENT);
    require(k.decrypt, CKR_KEY_FUNCTION_NOT_PERMITTED);
    requireLoginFor(token, k);
    auto op = std::make_unique<DecryptOperation>();
    op->keyHandle = key;
    op->keyRef = k.ref;
    op->modulusBytes = (k.bits + 7) / 8;
    op->alwaysAuthenticate = k.alwaysAuthenticate;
    session->decrypt = std::move(op);
}

void Module::decrypt(CK_SESSION_HANDLE handle, CK_BYTE_PTR data, CK_ULONG dataLen, CK_BYTE_PTR out,
                     CK_ULONG_PTR outLen) {
    auto session = sessionRef(handle);
    ReaderLock lk(*session->reader);
    Token& token = sessionToken(*session);
    require(session->decrypt != nullptr, CKR_OPERATION_NOT_INITIALIZED);
    DecryptOperation& op = *session->decrypt;
    try {
        require(outLen != nullptr && (data != nullptr || dataLen == 0), CKR_ARGUMENTS_BAD);
        if (!op.plaintext) {
            require(dataLen == op.modulusBytes, CKR_ENCRYPTED_DATA_LEN_RANGE);
            if (out == nullptr) {  // length query: at most the modulus length
                *outLen = op.modulusBytes;
                return;
            }
            onCard(
                *session->reader,
                [&](CardConnection& card) {
                    if (op.alwaysAuthenticate && !op.contextAuthorised) {
                        require(token.userPin.protectedPath || token.userPin.contextDialog,
                                CKR_USER_NOT_LOGGED_IN);
                        card.verifyPin(token.description().userPin, nullptr);
                    }
                    op.plaintext = card.decrypt(op.keyRef, ByteView(data, dataLen));
                },
                session.get());
        }
        if (out == nullptr) {
            *outLen = op.plaintext->size();
            return;
        }
        if (*outLen < op.plaintext->size()) {
            *outLen = op.plaintext->size();
            fail(CKR_BUFFER_TOO_SMALL);
        }
        if (!op.plaintext->empty()) std::memcpy(out, op.plaintext->data(), op.plaintext->size());
        *outLen = op.plaintext->size();
    } catch (const CkError& e) {
        if (e.rv() != CKR_BUFFER_TOO_SMALL) session->decrypt.reset();
        throw;
    } catch (...) {
        session->decrypt.reset();
        throw;
    }
    session->decrypt.reset();
}

}  // namespace ias::p11
