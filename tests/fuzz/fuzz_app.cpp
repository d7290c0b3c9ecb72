// libFuzzer target "app": a hostile application. Each input is a program of Cryptoki calls, with random
// handles, lengths, templates, mechanisms and parameters, NULL pointers, huge PINs and PINs holding NUL
// bytes, buffers too small and C_Finalize in the middle, run through the module's own code (C boundary,
// core, ias-api card adapter) against the in-process virtual card, made anew for every input
// (ModuleWorld.h, tests/support). The target checks on its own, and aborts on a violation:
//   - every return value is one PKCS #11 3.0 lists for that function (AppReturnCodes.h);
//   - before C_Initialize (and after C_Finalize) every function answers CKR_CRYPTOKI_NOT_INITIALIZED, and
//     never after it;
//   - CKR_BUFFER_TOO_SMALL comes with the length set above the given one (C_GetAttributeValue: with
//     CK_UNAVAILABLE_INFORMATION in the attribute), CKR_OK never reports more than the buffer held, and a
//     length query's answer is enough for the call that follows it;
//   - no output is written past the length given (guard bytes after every buffer), a new session handle is
//     never CK_INVALID_HANDLE, and C_Finalize at the end of the input succeeds.
// AddressSanitizer and UndefinedBehaviorSanitizer (the fuzz build) catch the rest, LeakSanitizer the leaks.
// IAS_FUZZ_APP_TRACE=1 prints every call's return value (to read a finding or a seed).
//
// Input format (tests/fuzz/seeds/make_app_seeds.py writes the seeds with the same encoding): a sequence of
// operations, each an opcode byte (modulo the number of operations) then its arguments, read front to back;
// a read past the end gives 0, so every byte string is a program. Arguments:
//   handle   one byte b: b < 0xF0 picks, newest first, handle b % n of the last 16 the module returned
//            (slots from C_GetSlotList, sessions from C_OpenSession, objects from C_FindObjects; b itself
//            when there is none); F0 = 0, F1 = ~0, F2 = 4 bytes (little endian), else b & 0x0F
//   pin      mode byte % 8: 0 a card PIN (next byte % 3: "1234", "123456", PUK "12345678"); 1 length byte %
//   32
//            then that many bytes; 2 NULL with the length byte; 3 a huge PIN of 256 << (byte % 9) '1's; 4 a
//            card PIN with a NUL byte inside; 5 empty (not NULL); 6 a card PIN and one more digit; 7 a card
//            PIN and its terminating NUL counted in the length
//   out      mode byte % 6: 0 NULL buffer (length query); 1 4096-byte buffer; 2 buffer of (byte) bytes;
//            3 buffer with a NULL length pointer; 4 NULL buffer and NULL length; 5 length query, then a
//            buffer of exactly the length it answered
//   data     mode byte % 6: 0 NULL/0; 1 NULL with a length; 2 (2 bytes % 1024) bytes from the input; 3 the
//            DigestInfo of SHA-256("abc"); 4 a PKCS#1 cryptogram under the authentication key; 5 a big block
//   mechanism  type byte (an index into kMechanisms; 0xFF: NULL pointer), parameter byte % 6: 0 none; 1 PSS
//            parameters (hash, MGF, salt bytes); 2 the same one byte short; 3 NULL with a length; 4 (byte %
//            64) bytes from the input; 5 PSS parameters in a longer buffer
//   template count byte (0xFF: NULL pointer with a count), then per attribute a type byte (index into
//            kAttributes) and a value mode byte
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "AppFuzzInput.h"
#include "AppFuzzStubs.h"
#include "AppReturnCodes.h"
#include "Cryptoki.h"
#include "ModuleLog.h"
#include "ModuleWorld.h"

namespace ias::fuzz {
namespace {

constexpr std::size_t kMaxOperations = 64;
constexpr std::size_t kMaxPool = 16;
enum Op : std::uint8_t {
    OpInitialize,
    OpFinalize,
    OpGetInfo,
    OpGetSlotList,
    OpGetSlotInfo,
    OpGetTokenInfo,
    OpGetMechanismList,
    OpGetMechanismInfo,
    OpOpenSession,
    OpCloseSession,
    OpCloseAllSessions,
    OpGetSessionInfo,
    OpLogin,
    OpLogout,
    OpInitPin,
    OpSetPin,
    OpFindObjectsInit,
    OpFindObjects,
    OpFindObjectsFinal,
    OpGetAttributeValue,
    OpGetObjectSize,
    OpSignInit,
    OpSign,
    OpSignUpdate,
    OpSignFinal,
    OpDecryptInit,
    OpDecrypt,
    OpWaitForSlotEvent,
    OpLoginUser,
    OpSessionCancel,
    OpInterfaces,
    OpUnsupported,
    OpFunctionStatus,
    OpRandom,
    OpFindAll,
    OpGetFunctionList,
    OpCount
};

class Program {
public:
    Program(Input& in, CK_FUNCTION_LIST_3_0* p11) : in_(in), p11_(p11) {}

    void run() {
        for (std::size_t n = 0; n < kMaxOperations && !in_.done(); ++n)
            step(static_cast<Op>(in_.u8() % OpCount));
        if (initialised_) {
            const CK_RV rv = p11_->C_Finalize(nullptr);
            if (rv != CKR_OK) violation("C_Finalize(NULL) at the end of the input answered " + hexRv(rv));
        }
    }

private:
    Input& in_;
    CK_FUNCTION_LIST_3_0* p11_;
    bool initialised_ = false;
    std::vector<CK_ULONG> slots_, sessions_, objects_;

    // ---- checks ----

    CK_RV checked(Fn fn, CK_RV rv) {
        const FnRule& r = rule(fn);
        static const bool trace = std::getenv("IAS_FUZZ_APP_TRACE") != nullptr;
        if (trace) std::fprintf(stderr, "%s -> %s\n", r.name, hexRv(rv).c_str());
        if (!allowed(fn, rv))
            violation(std::string(r.name) + " answered " + hexRv(rv) +
                      ", not a code PKCS #11 3.0 lists for it");
        if (r.needsInitialize && !initialised_ && rv != CKR_CRYPTOKI_NOT_INITIALIZED)
            violation(std::string(r.name) + " answered " + hexRv(rv) + " before C_Initialize");
        if (r.needsInitialize && initialised_ && rv == CKR_CRYPTOKI_NOT_INITIALIZED)
            violation(std::string(r.name) + " answered CKR_CRYPTOKI_NOT_INITIALIZED after C_Initialize");
        return rv;
    }

    static void remember(std::vector<CK_ULONG>& pool, CK_ULONG h) {
        if (pool.size() == kMaxPool) pool.erase(pool.begin());
        pool.push_back(h);
    }

    // ---- arguments ----

    CK_ULONG handle(const std::vector<CK_ULONG>& pool) {
        const std::uint8_t b = in_.u8();
        if (b < 0xF0) return pool.empty() ? b : pool[pool.size() - 1 - b % pool.size()];
        switch (b) {
            case 0xF0:
                return 0;
            case 0xF1:
                return ~CK_ULONG{0};
            case 0xF2:
                return in_.u32();
            default:
                return b & 0x0F;
        }
    }
    CK_SLOT_ID slot() { return handle(slots_); }
    CK_SESSION_HANDLE session() { return handle(sessions_); }
    CK_OBJECT_HANDLE object() { return handle(objects_); }

    CK_USER_TYPE user() {
        static const CK_USER_TYPE users[] = {CKU_USER, CKU_SO, CKU_CONTEXT_SPECIFIC, 3, ~CK_ULONG{0}};
        return users[in_.u8() % 5];
    }

    struct Pin {
        std::vector<std::uint8_t> bytes;
        bool null = false;
        CK_ULONG len = 0;
        CK_UTF8CHAR_PTR ptr() { return null ? nullptr : bytes.data(); }
    };
    Pin pin() {
        Pin p;
        const std::uint8_t mode = in_.u8() % 8;
        auto card = [&] {
            const char* s = kCardPins[in_.u8() % 3];
            return std::vector<std::uint8_t>(s, s + std::strlen(s));
        };
        switch (mode) {
            case 0:
                p.bytes = card();
                break;
            case 1:
                p.bytes = in_.bytes(in_.u8() % 32);
                break;
            case 2:
                p.null = true;
                p.len = in_.u8();
                return p;
            case 3:
                p.bytes.assign(std::size_t{256} << (in_.u8() % 9), '1');
                break;
            case 4: {
                p.bytes = card();
                const std::size_t at = 1 + in_.u8() % (p.bytes.size() - 1);
                p.bytes.insert(p.bytes.begin() + static_cast<std::ptrdiff_t>(at), 0);
                break;
            }
            case 5:
                break;
            case 6:
                p.bytes = card();
                p.bytes.push_back('9');
                break;
            default:
                p.bytes = card();
                p.bytes.push_back(0);
                break;
        }
        p.len = p.bytes.size();
        if (p.bytes.empty()) p.bytes.push_back(0);  // a valid pointer for an empty PIN
        return p;
    }

    struct Data {
        std::vector<std::uint8_t> bytes;
        bool null = false;
        CK_ULONG len = 0;
        CK_BYTE_PTR ptr() { return null ? nullptr : bytes.data(); }
    };
    Data data() {
        Data d;
        switch (in_.u8() % 6) {
            case 0:
                d.null = true;
                return d;
            case 1:
                d.null = true;
                d.len = 1 + in_.u8();
                return d;
            case 2:
                d.bytes = in_.bytes(in_.u16() % 1024);
                break;
            case 3:  // DigestInfo of SHA-256("abc")
                d.bytes = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04,
                           0x02, 0x01, 0x05, 0x00, 0x04, 0x20, 0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf,
                           0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3,
                           0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
                break;
            case 4:
                d.bytes = ModuleWorld::instance().authCryptogram;
                break;
            default:
                d.bytes.assign(std::size_t{256} << (in_.u8() % 9), 0x41);
                break;
        }
        d.len = d.bytes.size();
        if (d.bytes.empty()) d.bytes.push_back(0);
        return d;
    }

    CK_MECHANISM_TYPE mechanismType(std::uint8_t b) {
        const std::size_t i = b % (kMechanismCount + 1);
        return i < kMechanismCount ? kMechanisms[i] : in_.u32();
    }

    struct Mechanism {
        CK_MECHANISM m{};
        std::unique_ptr<std::uint8_t[]> param;
        bool null = false;
        CK_MECHANISM_PTR ptr() { return null ? nullptr : &m; }
    };
    Mechanism mechanism() {
        Mechanism mech;
        const std::uint8_t t = in_.u8();
        if (t == 0xFF) {
            mech.null = true;
            return mech;
        }
        mech.m.mechanism = mechanismType(t);
        auto pss = [&](std::size_t len) {
            static const CK_MECHANISM_TYPE hashes[] = {CKM_SHA_1,  CKM_SHA224, CKM_SHA256,
                                                       CKM_SHA384, CKM_SHA512, 0x12345};
            static const CK_RSA_PKCS_MGF_TYPE mgfs[] = {CKG_MGF1_SHA1,   CKG_MGF1_SHA224, CKG_MGF1_SHA256,
                                                        CKG_MGF1_SHA384, CKG_MGF1_SHA512, 0x99};
            CK_RSA_PKCS_PSS_PARAMS p{hashes[in_.u8() % 6], mgfs[in_.u8() % 6], in_.u16()};
            mech.param.reset(new std::uint8_t[len]());
            std::memcpy(mech.param.get(), &p, std::min(len, sizeof p));
            mech.m.pParameter = mech.param.get();
            mech.m.ulParameterLen = len;
        };
        switch (in_.u8() % 6) {
            case 0:
                break;
            case 1:
                pss(sizeof(CK_RSA_PKCS_PSS_PARAMS));
                break;
            case 2:
                pss(sizeof(CK_RSA_PKCS_PSS_PARAMS) - 1);
                break;
            case 3:
                mech.m.ulParameterLen = 1 + in_.u8();
                break;
            case 4: {
                const std::vector<std::uint8_t> raw = in_.bytes(in_.u8() % 64);
                mech.param.reset(new std::uint8_t[raw.size() + 1]());
                std::copy(raw.begin(), raw.end(), mech.param.get());
                mech.m.pParameter = mech.param.get();
                mech.m.ulParameterLen = raw.size();
                break;
            }
            default:
                pss(sizeof(CK_RSA_PKCS_PSS_PARAMS) + 8);
                break;
        }
        return mech;
    }

    CK_ATTRIBUTE_TYPE attributeType() {
        const std::size_t i = in_.u8() % (kAttributeCount + 1);
        return i < kAttributeCount ? kAttributes[i] : in_.u32();
    }

    // A search template: values from the input.
    struct Template {
        std::vector<CK_ATTRIBUTE> attrs;
        std::vector<std::vector<std::uint8_t>> values;
        bool null = false;
        CK_ULONG count = 0;
        CK_ATTRIBUTE_PTR ptr() { return null ? nullptr : attrs.data(); }
    };
    Template searchTemplate() {
        Template t;
        const std::uint8_t c = in_.u8();
        if (c == 0xFF) {
            t.null = true;
            t.count = in_.u8() % 4;
            return t;
        }
        t.count = c % 6;
        t.values.reserve(t.count);
        for (CK_ULONG i = 0; i < t.count; ++i) {
            CK_ATTRIBUTE a{attributeType(), nullptr, 0};
            switch (in_.u8() % 5) {
                case 0: {
                    const CK_ULONG v = in_.u8() < 0x80 ? in_.u8() % 5 : in_.u32();
                    t.values.emplace_back(sizeof v);
                    std::memcpy(t.values.back().data(), &v, sizeof v);
                    break;
                }
                case 1:
                    t.values.push_back({static_cast<std::uint8_t>(in_.u8() % 3)});
                    break;
                case 2:
                    t.values.push_back(in_.bytes(in_.u8() % 64));
                    break;
                case 3:
                    a.ulValueLen = 1 + in_.u8();
                    t.attrs.push_back(a);
                    continue;
                default:
                    t.attrs.push_back(a);
                    continue;
            }
            a.ulValueLen = t.values.back().size();
            if (t.values.back().empty()) t.values.back().push_back(0);
            a.pValue = t.values.back().data();
            t.attrs.push_back(a);
        }
        if (t.attrs.empty()) t.attrs.push_back({});  // a valid pointer for count 0
        return t;
    }

    // ---- length/buffer pairs ----

    // One output of (buffer, length): `call` is made with the pointers, checked, and the invariants of
    // buffer and length applied. `element`: bytes per unit of the length (CK_SLOT_ID lists ...).
    template <typename Call>
    CK_RV output(Fn fn, std::size_t element, Call&& call) {
        const std::uint8_t mode = in_.u8() % 6;
        if (mode == 5) {  // the two-call idiom: query, then exactly what was answered
            CK_ULONG len = 0;
            const CK_RV rv = checked(fn, call(nullptr, &len));
            if (rv != CKR_OK || len > (1u << 20)) return rv;
            return outputOnce(fn, element, len, false, false, call, true);
        }
        const bool nullBuffer = mode == 0 || mode == 4;
        const bool nullLength = mode == 3 || mode == 4;
        const CK_ULONG len = mode == 2 ? in_.u8() : (mode == 1 || mode == 3) ? 4096 / element : 0x5A5A;
        return outputOnce(fn, element, len, nullBuffer, nullLength, call, false);
    }
    template <typename Call>
    CK_RV outputOnce(Fn fn, std::size_t element, CK_ULONG given, bool nullBuffer, bool nullLength, Call& call,
                     bool afterQuery) {
        Guarded buf(nullBuffer ? 0 : given * element);
        CK_ULONG len = given;
        const CK_RV rv = checked(fn, call(nullBuffer ? nullptr : buf.data(), nullLength ? nullptr : &len));
        const std::string name = rule(fn).name;
        if (!nullBuffer) buf.check(name.c_str());
        if (rv == CKR_BUFFER_TOO_SMALL) {
            if (nullBuffer || nullLength)
                violation(name + " answered CKR_BUFFER_TOO_SMALL to a NULL buffer or length");
            if (len <= given)
                violation(name + " answered CKR_BUFFER_TOO_SMALL with the length " + std::to_string(len) +
                          " for a buffer of " + std::to_string(given));
            if (afterQuery)
                violation(name + ": the length its query answered was too small for the call after it");
        }
        if (rv == CKR_OK && !nullBuffer && !nullLength && len > given)
            violation(name + " answered CKR_OK with the length " + std::to_string(len) + " for a buffer of " +
                      std::to_string(given));
        return rv;
    }

    // ---- operations ----

    void step(Op op) {
        switch (op) {
            case OpInitialize:
                return initialize();
            case OpFinalize: {
                const bool reserved = in_.u8() & 1;
                int dummy = 0;
                if (checked(Fn::Finalize, p11_->C_Finalize(reserved ? &dummy : nullptr)) == CKR_OK)
                    initialised_ = false;
                return;
            }
            case OpGetInfo: {
                CK_INFO info;
                checked(Fn::GetInfo, p11_->C_GetInfo((in_.u8() & 1) ? nullptr : &info));
                return;
            }
            case OpGetSlotList: {
                const CK_BBOOL present = (in_.u8() & 1) ? CK_TRUE : CK_FALSE;
                std::vector<CK_SLOT_ID> got;
                output(Fn::GetSlotList, sizeof(CK_SLOT_ID), [&](std::uint8_t* buf, CK_ULONG_PTR len) {
                    auto* list = reinterpret_cast<CK_SLOT_ID_PTR>(buf);
                    const CK_RV rv = p11_->C_GetSlotList(present, list, len);
                    if (rv == CKR_OK && list != nullptr && len != nullptr)
                        for (CK_ULONG i = 0; i < *len && i < 64; ++i) got.push_back(list[i]);
                    return rv;
                });
                for (CK_SLOT_ID s : got) remember(slots_, s);
                return;
            }
            case OpGetSlotInfo: {
                const CK_SLOT_ID s = slot();
                CK_SLOT_INFO info;
                checked(Fn::GetSlotInfo, p11_->C_GetSlotInfo(s, (in_.u8() & 1) ? nullptr : &info));
                return;
            }
            case OpGetTokenInfo: {
                const CK_SLOT_ID s = slot();
                CK_TOKEN_INFO info;
                checked(Fn::GetTokenInfo, p11_->C_GetTokenInfo(s, (in_.u8() & 1) ? nullptr : &info));
                return;
            }
            case OpGetMechanismList: {
                const CK_SLOT_ID s = slot();
                output(Fn::GetMechanismList, sizeof(CK_MECHANISM_TYPE),
                       [&](std::uint8_t* buf, CK_ULONG_PTR len) {
                           return p11_->C_GetMechanismList(s, reinterpret_cast<CK_MECHANISM_TYPE_PTR>(buf),
                                                           len);
                       });
                return;
            }
            case OpGetMechanismInfo: {
                const CK_SLOT_ID s = slot();
                const CK_MECHANISM_TYPE type = mechanismType(in_.u8());
                CK_MECHANISM_INFO info;
                checked(Fn::GetMechanismInfo,
                        p11_->C_GetMechanismInfo(s, type, (in_.u8() & 1) ? nullptr : &info));
                return;
            }
            case OpOpenSession:
                return openSession();
            case OpCloseSession:
                checked(Fn::CloseSession, p11_->C_CloseSession(session()));
                return;
            case OpCloseAllSessions:
                checked(Fn::CloseAllSessions, p11_->C_CloseAllSessions(slot()));
                return;
            case OpGetSessionInfo: {
                const CK_SESSION_HANDLE s = session();
                CK_SESSION_INFO info;
                checked(Fn::GetSessionInfo, p11_->C_GetSessionInfo(s, (in_.u8() & 1) ? nullptr : &info));
                return;
            }
            case OpLogin: {
                const CK_SESSION_HANDLE s = session();
                const CK_USER_TYPE u = user();
                Pin p = pin();
                checked(Fn::Login, p11_->C_Login(s, u, p.ptr(), p.len));
                return;
            }
            case OpLogout:
                checked(Fn::Logout, p11_->C_Logout(session()));
                return;
            case OpInitPin: {
                const CK_SESSION_HANDLE s = session();
                Pin p = pin();
                checked(Fn::InitPIN, p11_->C_InitPIN(s, p.ptr(), p.len));
                return;
            }
            case OpSetPin: {
                const CK_SESSION_HANDLE s = session();
                Pin oldPin = pin();
                Pin newPin = pin();
                checked(Fn::SetPIN, p11_->C_SetPIN(s, oldPin.ptr(), oldPin.len, newPin.ptr(), newPin.len));
                return;
            }
            case OpFindObjectsInit: {
                const CK_SESSION_HANDLE s = session();
                Template t = searchTemplate();
                checked(Fn::FindObjectsInit, p11_->C_FindObjectsInit(s, t.ptr(), t.count));
                return;
            }
            case OpFindObjects:
                return findObjects(session());
            case OpFindObjectsFinal:
                checked(Fn::FindObjectsFinal, p11_->C_FindObjectsFinal(session()));
                return;
            case OpGetAttributeValue:
                return getAttributeValue();
            case OpGetObjectSize: {
                const CK_SESSION_HANDLE s = session();
                const CK_OBJECT_HANDLE o = object();
                CK_ULONG size = 0;
                checked(Fn::GetObjectSize, p11_->C_GetObjectSize(s, o, (in_.u8() & 1) ? nullptr : &size));
                return;
            }
            case OpSignInit: {
                const CK_SESSION_HANDLE s = session();
                Mechanism m = mechanism();
                checked(Fn::SignInit, p11_->C_SignInit(s, m.ptr(), object()));
                return;
            }
            case OpSign: {
                const CK_SESSION_HANDLE s = session();
                Data d = data();
                output(Fn::Sign, 1, [&](std::uint8_t* buf, CK_ULONG_PTR len) {
                    return p11_->C_Sign(s, d.ptr(), d.len, buf, len);
                });
                return;
            }
            case OpSignUpdate: {
                const CK_SESSION_HANDLE s = session();
                Data d = data();
                checked(Fn::SignUpdate, p11_->C_SignUpdate(s, d.ptr(), d.len));
                return;
            }
            case OpSignFinal: {
                const CK_SESSION_HANDLE s = session();
                output(Fn::SignFinal, 1,
                       [&](std::uint8_t* buf, CK_ULONG_PTR len) { return p11_->C_SignFinal(s, buf, len); });
                return;
            }
            case OpDecryptInit: {
                const CK_SESSION_HANDLE s = session();
                Mechanism m = mechanism();
                checked(Fn::DecryptInit, p11_->C_DecryptInit(s, m.ptr(), object()));
                return;
            }
            case OpDecrypt: {
                const CK_SESSION_HANDLE s = session();
                Data d = data();
                output(Fn::Decrypt, 1, [&](std::uint8_t* buf, CK_ULONG_PTR len) {
                    return p11_->C_Decrypt(s, d.ptr(), d.len, buf, len);
                });
                return;
            }
            case OpWaitForSlotEvent: {
                // Always CKF_DONT_BLOCK: nothing ever happens in this world, a blocking wait would not
                // return.
                const std::uint8_t m = in_.u8();
                CK_SLOT_ID s = 0;
                int reserved = 0;
                const CK_FLAGS flags = CKF_DONT_BLOCK | ((m & 4) ? 0xF0F0F0F0UL : 0);
                checked(Fn::WaitForSlotEvent, p11_->C_WaitForSlotEvent(flags, (m & 1) ? nullptr : &s,
                                                                       (m & 2) ? &reserved : nullptr));
                return;
            }
            case OpLoginUser: {
                const CK_SESSION_HANDLE s = session();
                const CK_USER_TYPE u = user();
                Pin p = pin();
                CK_UTF8CHAR name[] = "holder";
                const std::uint8_t m = in_.u8() % 3;
                checked(Fn::LoginUser, p11_->C_LoginUser(s, u, p.ptr(), p.len, m == 1 ? name : nullptr,
                                                         m == 0   ? 0
                                                         : m == 1 ? 6
                                                                  : 5));
                return;
            }
            case OpSessionCancel: {
                const CK_SESSION_HANDLE s = session();
                checked(Fn::SessionCancel, p11_->C_SessionCancel(s, in_.u32()));
                return;
            }
            case OpInterfaces:
                return interfaces();
            case OpUnsupported:
                return unsupported();
            case OpFunctionStatus: {
                const CK_SESSION_HANDLE s = session();
                if (in_.u8() & 1)
                    checked(Fn::CancelFunction, p11_->C_CancelFunction(s));
                else
                    checked(Fn::GetFunctionStatus, p11_->C_GetFunctionStatus(s));
                return;
            }
            case OpRandom: {
                const CK_SESSION_HANDLE s = session();
                const std::uint8_t m = in_.u8();
                Guarded buf(m & 0x3F);
                CK_BYTE_PTR p = (m & 0x40) ? nullptr : buf.data();
                if (m & 0x80) {
                    checked(Fn::SeedRandom, p11_->C_SeedRandom(s, p, buf.size()));
                } else {
                    checked(Fn::GenerateRandom, p11_->C_GenerateRandom(s, p, buf.size()));
                    buf.check("C_GenerateRandom");
                }
                return;
            }
            case OpFindAll: {
                // What every client does first: every object of the session, into the object handles.
                const CK_SESSION_HANDLE s = session();
                if (checked(Fn::FindObjectsInit, p11_->C_FindObjectsInit(s, nullptr, 0)) != CKR_OK) return;
                CK_OBJECT_HANDLE found[32];
                CK_ULONG n = 0;
                if (checked(Fn::FindObjects, p11_->C_FindObjects(s, found, 32, &n)) == CKR_OK) {
                    if (n > 32) violation("C_FindObjects returned more handles than asked");
                    for (CK_ULONG i = 0; i < n; ++i) remember(objects_, found[i]);
                }
                checked(Fn::FindObjectsFinal, p11_->C_FindObjectsFinal(s));
                return;
            }
            case OpGetFunctionList: {
                CK_FUNCTION_LIST_PTR list = nullptr;
                checked(Fn::GetFunctionList, p11_->C_GetFunctionList((in_.u8() & 1) ? nullptr : &list));
                return;
            }
            case OpCount:
                return;
        }
    }

    void initialize() {
        CK_C_INITIALIZE_ARGS args{};
        int reserved = 0;
        void* arg = &args;
        const std::uint8_t mode = in_.u8() % 7;
        switch (mode) {
            case 0:
                arg = nullptr;
                break;
            case 1:
                break;
            case 2:
                args.flags = CKF_OS_LOCKING_OK;
                break;
            case 3:
                args.CreateMutex = createMutex;
                args.DestroyMutex = destroyMutex;
                args.LockMutex = lockMutex;
                args.UnlockMutex = unlockMutex;
                args.flags = (in_.u8() & 1) ? CKF_OS_LOCKING_OK : 0;
                break;
            case 4:  // some but not all callbacks
                args.CreateMutex = createMutex;
                args.DestroyMutex = destroyMutex;
                break;
            case 5:
                args.pReserved = &reserved;
                break;
            default:
                args.flags = CKF_LIBRARY_CANT_CREATE_OS_THREADS;
                break;
        }
        const CK_RV rv = checked(Fn::Initialize, p11_->C_Initialize(arg));
        const bool goodArguments = mode != 4 && mode != 5;
        if (initialised_ && goodArguments && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
            violation("a second C_Initialize answered " + hexRv(rv));
        if (rv == CKR_OK) initialised_ = true;
    }

    void openSession() {
        const CK_SLOT_ID s = slot();
        const std::uint8_t m = in_.u8();
        CK_FLAGS flags = ((m & 1) ? CKF_SERIAL_SESSION : 0) | ((m & 2) ? CKF_RW_SESSION : 0);
        if (m & 4) flags |= 0xFFFF0000UL;
        CK_SESSION_HANDLE h = CK_INVALID_HANDLE;
        const CK_RV rv =
            checked(Fn::OpenSession, p11_->C_OpenSession(s, flags, nullptr, nullptr, (m & 8) ? nullptr : &h));
        if (rv == CKR_OK) {
            if ((m & 8) != 0) violation("C_OpenSession answered CKR_OK without a place for the handle");
            if (h == CK_INVALID_HANDLE) violation("C_OpenSession answered CKR_OK with CK_INVALID_HANDLE");
            remember(sessions_, h);
        }
    }

    void findObjects(CK_SESSION_HANDLE s) {
        const std::uint8_t m = in_.u8();
        const CK_ULONG max = m % 20;
        Guarded buf(max * sizeof(CK_OBJECT_HANDLE));
        CK_ULONG n = 0x5A5A;
        const bool nullList = (m & 0x40) != 0, nullCount = (m & 0x80) != 0;
        auto* list = reinterpret_cast<CK_OBJECT_HANDLE_PTR>(buf.data());
        const CK_RV rv = checked(Fn::FindObjects, p11_->C_FindObjects(s, nullList ? nullptr : list, max,
                                                                      nullCount ? nullptr : &n));
        buf.check("C_FindObjects");
        if (rv == CKR_OK && !nullCount) {
            if (n > max)
                violation("C_FindObjects returned " + std::to_string(n) + " handles for room for " +
                          std::to_string(max));
            if (!nullList)
                for (CK_ULONG i = 0; i < n; ++i) remember(objects_, list[i]);
        }
    }

    void getAttributeValue() {
        const CK_SESSION_HANDLE s = session();
        const CK_OBJECT_HANDLE o = object();
        const std::uint8_t c = in_.u8();
        std::vector<CK_ATTRIBUTE> attrs;
        std::vector<Guarded> bufs;
        std::vector<CK_ULONG> given;
        CK_ULONG count = 0;
        bool null = false;
        if (c == 0xFF) {
            null = true;
            count = in_.u8() % 4;
        } else {
            count = c % 10;
            bufs.reserve(count);
            for (CK_ULONG i = 0; i < count; ++i) {
                CK_ATTRIBUTE a{attributeType(), nullptr, 0};
                switch (in_.u8() % 5) {
                    case 0:  // length query
                        a.ulValueLen = in_.u8();
                        bufs.emplace_back();
                        break;
                    case 1:
                        bufs.emplace_back(4096);
                        break;
                    case 2:
                        bufs.emplace_back(in_.u8());
                        break;
                    case 3:
                        bufs.emplace_back(sizeof(CK_ULONG));
                        break;
                    default:
                        bufs.emplace_back(0);
                        break;
                }
                if (bufs.back().data() != nullptr) {
                    a.pValue = bufs.back().data();
                    a.ulValueLen = bufs.back().size();
                }
                attrs.push_back(a);
                given.push_back(a.ulValueLen);
            }
        }
        if (attrs.empty()) attrs.push_back({});
        const CK_RV rv = checked(Fn::GetAttributeValue,
                                 p11_->C_GetAttributeValue(s, o, null ? nullptr : attrs.data(), count));
        if (null) return;
        bool unavailableBuffer = false;
        for (CK_ULONG i = 0; i < count; ++i) {
            bufs[i].check("C_GetAttributeValue");
            const CK_ATTRIBUTE& a = attrs[i];
            const bool unavailable = a.ulValueLen == CK_UNAVAILABLE_INFORMATION;
            if (rv == CKR_OK && unavailable)
                violation("C_GetAttributeValue answered CKR_OK with an attribute CK_UNAVAILABLE_INFORMATION");
            if (a.pValue != nullptr && !unavailable && a.ulValueLen > given[i])
                violation("C_GetAttributeValue set a length of " + std::to_string(a.ulValueLen) +
                          " for a buffer of " + std::to_string(given[i]));
            if (a.pValue != nullptr && unavailable) unavailableBuffer = true;
        }
        if (rv == CKR_BUFFER_TOO_SMALL && !unavailableBuffer)
            violation("C_GetAttributeValue answered CKR_BUFFER_TOO_SMALL but no attribute says which");
    }

    void interfaces() {
        switch (in_.u8() % 7) {
            case 0: {
                CK_ULONG n = 0;
                checked(Fn::GetInterfaceList, p11_->C_GetInterfaceList(nullptr, &n));
                return;
            }
            case 1: {
                CK_INTERFACE list[4];
                CK_ULONG n = in_.u8() % 5;
                const CK_ULONG given = n;
                const CK_RV rv = checked(Fn::GetInterfaceList, p11_->C_GetInterfaceList(list, &n));
                if (rv == CKR_BUFFER_TOO_SMALL && n <= given)
                    violation("C_GetInterfaceList answered CKR_BUFFER_TOO_SMALL without the count it needs");
                if (rv == CKR_OK && n > given)
                    violation("C_GetInterfaceList wrote more interfaces than room for");
                return;
            }
            case 2: {
                CK_INTERFACE list[4];
                checked(Fn::GetInterfaceList, p11_->C_GetInterfaceList(list, nullptr));
                return;
            }
            case 3: {
                CK_INTERFACE_PTR iface = nullptr;
                checked(Fn::GetInterface, p11_->C_GetInterface(nullptr, nullptr, &iface, 0));
                return;
            }
            case 4: {
                CK_INTERFACE_PTR iface = nullptr;
                CK_UTF8CHAR name[] = "Vendor thing";
                checked(Fn::GetInterface, p11_->C_GetInterface(name, nullptr, &iface, in_.u32()));
                return;
            }
            case 5: {
                CK_INTERFACE_PTR iface = nullptr;
                CK_VERSION v{in_.u8(), in_.u8()};
                CK_UTF8CHAR name[] = "PKCS 11";
                checked(Fn::GetInterface, p11_->C_GetInterface(name, &v, &iface, 0));
                return;
            }
            default:
                checked(Fn::GetInterface, p11_->C_GetInterface(nullptr, nullptr, nullptr, 0));
                return;
        }
    }

    void unsupported() {
        const CK_SESSION_HANDLE s = session();
        const std::size_t which = in_.u8() % (kStubCount + 1);
        const CK_OBJECT_HANDLE o = object();
        if (which == kStubCount)  // slot-based: `s` as a slot
            checked(Fn::InitToken, p11_->C_InitToken(s, nullptr, 0, nullptr));
        else
            checked(Fn::Unsupported, callStub(p11_, which, s, o));
    }
};

}  // namespace
}  // namespace ias::fuzz

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    using namespace ias::fuzz;
    ModuleWorld::instance();
    // The module logs every card refusal (a wrong PIN of the program's, a refused cryptogram): thousands of
    // lines a second on libFuzzer's stderr. The hostile-card target is the one that reads them.
    ias::p11::setLogSink([](std::string_view) noexcept {});
    // A first start fills the process's content cache (ModuleWorld::cache): every input then finds it warm.
    CK_FUNCTION_LIST_3_0* p11 = ModuleWorld::functions();
    CK_SLOT_ID slots[8];
    CK_ULONG n = 8;
    CK_TOKEN_INFO info;
    if (p11->C_Initialize(nullptr) != CKR_OK || p11->C_GetSlotList(CK_TRUE, slots, &n) != CKR_OK || n == 0)
        violation("the module does not see the virtual card");
    for (CK_ULONG i = 0; i < n; ++i) p11->C_GetTokenInfo(slots[i], &info);
    p11->C_Finalize(nullptr);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace ias::fuzz;
    ModuleWorld& world = ModuleWorld::instance();
    world.freshCard();
    Input in(data, size);
    Program(in, ModuleWorld::functions()).run();
    return 0;
}
