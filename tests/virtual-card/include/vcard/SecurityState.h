#pragma once
// The card's volatile state: what a reset or power-off forgets. Current DF/EF, verified PINs, the
// security environment set by MSE, the hash computed by PSO HASH, the last challenge, the SM session,
// a command chain being received and response data waiting for GET RESPONSE.
#include <cstdint>
#include <optional>
#include <set>
#include <utility>

#include "ias/apdu/Bytes.h"
#include "vcard/CardModel.h"
#include "vcard/CardSm.h"

namespace ias::vcard {

// What MSE SET put in one template (A4, B6, B8 or AA).
struct MseTemplate {
    std::optional<std::uint8_t> keyRef;  // without the 0x80 "local" bit
    std::optional<std::uint8_t> algorithm;
    const FileNode* df = nullptr;  // where the key was found
};

enum class DigestAlgorithm { Sha1, Sha256 };

struct SmState {
    CardSmSession session;
    std::uint8_t keysetRef;
    const FileNode* df;
};

struct SecurityState {
    FileNode* currentDf = nullptr;
    FileNode* currentEf = nullptr;
    std::set<std::pair<const FileNode*, std::uint8_t>> verifiedChvs;  // (DF holding the CHV, ref)
    MseTemplate authentication;                                       // A4
    MseTemplate signature;                                            // B6
    MseTemplate confidentiality;                                      // B8
    MseTemplate hash;                                                 // AA
    std::optional<Bytes> digest;  // the result of PSO HASH, consumed by PSO CDS
    std::optional<DigestAlgorithm> digestAlgorithm;
    // MSE SET C1 A4 (before MUTUAL AUTHENTICATE): algorithm and keyset.
    std::optional<std::uint8_t> smAlgorithm;
    std::optional<std::uint8_t> smKeysetRef;
    const FileNode* smKeysetDf = nullptr;
    Bytes challenge;  // the last GET CHALLENGE answer
    std::optional<SmState> sm;
    // Command chaining (CLA b5).
    std::optional<std::uint8_t> chainIns;
    Bytes chainData;
    // Response bytes not yet fetched with GET RESPONSE.
    Bytes pendingResponse;

    void reset(FileNode* mf);
    bool isVerified(const FileNode* df, std::uint8_t ref) const { return verifiedChvs.contains({df, ref}); }
};

}  // namespace ias::vcard
