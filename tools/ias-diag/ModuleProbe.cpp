#include "ModuleProbe.h"

#include <dlfcn.h>
#include <p11-kit/pkcs11.h>

#include <cstdio>
#include <string>
#include <vector>

namespace ias::diag {
namespace {

// A blank-padded Cryptoki text field, trimmed, with control characters (and the protocol's tab) replaced.
std::string field(const unsigned char* text, std::size_t size) {
    std::string s(reinterpret_cast<const char*>(text), size);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
    for (char& c : s)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    return s;
}

std::string version(const CK_VERSION& v) {
    return std::to_string(v.major) + "." + std::to_string(v.minor);
}

void line(const std::string& text) {
    std::fputs((text + "\n").c_str(), stdout);
    std::fflush(stdout);  // the parent sees each step before the next call, even if that call crashes
}

int error(const std::string& step, const std::string& message) {
    line("error " + step + "\t" + message);
    return 3;
}

std::string rvText(CK_RV rv) {
    char hex[32];
    std::snprintf(hex, sizeof hex, "CK_RV 0x%08lX", static_cast<unsigned long>(rv));
    return hex;
}

}  // namespace

int probeModule(const std::string& modulePath) {
    line("step dlopen");
    void* module = ::dlopen(modulePath.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (module == nullptr) {
        const char* why = ::dlerror();
        return error("dlopen", why ? why : "dlopen failed");
    }
    line("step C_GetFunctionList");
    auto getList = reinterpret_cast<CK_C_GetFunctionList>(::dlsym(module, "C_GetFunctionList"));
    if (getList == nullptr) return error("C_GetFunctionList", "the library exports no C_GetFunctionList");
    CK_FUNCTION_LIST_PTR p11 = nullptr;
    CK_RV rv = getList(&p11);
    if (rv != CKR_OK || p11 == nullptr) return error("C_GetFunctionList", rvText(rv));
    line("step C_Initialize");
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    rv = p11->C_Initialize(&args);
    if (rv != CKR_OK) return error("C_Initialize", rvText(rv));
    line("step C_GetInfo");
    CK_INFO info{};
    rv = p11->C_GetInfo(&info);
    if (rv != CKR_OK) return error("C_GetInfo", rvText(rv));
    line("library " + version(info.cryptokiVersion) + "\t" +
         field(info.manufacturerID, sizeof info.manufacturerID) + "\t" +
         field(info.libraryDescription, sizeof info.libraryDescription) + "\t" +
         version(info.libraryVersion));
    line("step C_GetSlotList");
    CK_ULONG count = 0;
    rv = p11->C_GetSlotList(CK_FALSE, nullptr, &count);
    if (rv != CKR_OK) return error("C_GetSlotList", rvText(rv));
    std::vector<CK_SLOT_ID> slots(count);
    if (count > 0) {
        rv = p11->C_GetSlotList(CK_FALSE, slots.data(), &count);
        if (rv != CKR_OK) return error("C_GetSlotList", rvText(rv));
        slots.resize(count);
    }
    for (CK_SLOT_ID slot : slots) {
        line("step C_GetSlotInfo");
        CK_SLOT_INFO si{};
        rv = p11->C_GetSlotInfo(slot, &si);
        if (rv != CKR_OK) return error("C_GetSlotInfo", rvText(rv));
        const bool present = (si.flags & CKF_TOKEN_PRESENT) != 0;
        line("slot " + std::to_string(slot) + "\t" + field(si.slotDescription, sizeof si.slotDescription) +
             "\t" + (present ? "1" : "0"));
        if (!present) continue;
        line("step C_GetTokenInfo");
        CK_TOKEN_INFO ti{};
        rv = p11->C_GetTokenInfo(slot, &ti);
        if (rv == CKR_TOKEN_NOT_PRESENT || rv == CKR_DEVICE_REMOVED) continue;
        if (rv != CKR_OK) return error("C_GetTokenInfo", rvText(rv));
        char flags[32];
        std::snprintf(flags, sizeof flags, "%lx", static_cast<unsigned long>(ti.flags));
        line("token " + std::to_string(slot) + "\t" + field(ti.label, sizeof ti.label) + "\t" +
             field(ti.serialNumber, sizeof ti.serialNumber) + "\t" + flags);
    }
    line("step C_Finalize");
    rv = p11->C_Finalize(nullptr);
    if (rv != CKR_OK) return error("C_Finalize", rvText(rv));
    // The module stays loaded: some modules do not survive dlclose, and the process ends here anyway.
    line("done");
    return 0;
}

}  // namespace ias::diag
