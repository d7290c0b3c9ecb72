#include "vcard/AccessRules.h"

#include "vcard/Acl.h"
#include "vcard/FileSystem.h"
#include "vcard/StatusError.h"

namespace ias::vcard {
namespace {

constexpr std::uint8_t kUsageUserPassword = 0x08;
constexpr std::uint8_t kUsageMutualAuth = 0xC0;

// The CHV that SE n designates for user authentication, with the DF holding it.
Chv* userPin(FileNode& objectDf, std::uint8_t se, FileNode** chvDf) {
    SecurityEnvironment* env = findEnvironment(objectDf, se);
    if (!env) return nullptr;
    const auto crt = env->find(0xA4, kUsageUserPassword);
    if (!crt || crt->refs.empty()) return nullptr;
    return resolvePinReference(objectDf, crt->refs.front(), chvDf);
}

bool userAuthenticated(const SecurityState& security, FileNode& objectDf, std::uint8_t se) {
    FileNode* chvDf = nullptr;
    Chv* chv = userPin(objectDf, se, &chvDf);
    return chv && security.isVerified(chvDf, chv->ref);
}

bool secureMessaging(const SecurityState& security, bool underSm, FileNode& objectDf, std::uint8_t se) {
    if (!underSm || !security.sm) return false;
    SecurityEnvironment* env = findEnvironment(objectDf, se);
    if (!env) return true;  // no SE to say which keyset: any SM session will do
    const auto crt = env->find(0xA4, kUsageMutualAuth);
    if (!crt || crt->refs.empty()) return true;
    return (crt->refs.front() & 0x1F) == security.sm->keysetRef;
}

}  // namespace

bool conditionMet(const SecurityState& security, bool underSm, FileNode& objectDf, std::uint8_t scbByte) {
    if (scbByte == scb::Always) return true;
    if (scbByte == scb::Never) return false;
    const std::uint8_t methods = scbByte & 0x70;
    const std::uint8_t se = scbByte & scb::SeMask;
    const bool all = (scbByte & scb::AllConditions) != 0;
    if (methods == 0) return all;  // 80: all of no conditions

    int required = 0, met = 0;
    if (methods & scb::UserAuth) {
        ++required;
        met += userAuthenticated(security, objectDf, se) ? 1 : 0;
    }
    if (methods & scb::SecureMessaging) {
        ++required;
        met += secureMessaging(security, underSm, objectDf, se) ? 1 : 0;
    }
    if (methods & scb::ExternalAuth) ++required;  // role authentication is not implemented
    return all ? met == required : met > 0;
}

void requireAccess(const SecurityState& security, bool underSm, FileNode& objectDf, std::uint8_t scbByte) {
    if (!conditionMet(security, underSm, objectDf, scbByte)) fail(sw::SecurityStatusNotSatisfied);
}

void forgetUserAuthentication(SecurityState& security, FileNode& objectDf, std::uint8_t scbByte) {
    if (scbByte == scb::Never || !(scbByte & scb::UserAuth)) return;
    FileNode* chvDf = nullptr;
    if (Chv* chv = userPin(objectDf, scbByte & scb::SeMask, &chvDf))
        security.verifiedChvs.erase({chvDf, chv->ref});
}

}  // namespace ias::vcard
