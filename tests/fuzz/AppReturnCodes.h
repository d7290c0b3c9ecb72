#pragma once
// The return values PKCS #11 3.0 (OASIS base specification, section 5) lists for each function the
// hostile-application fuzz target calls: a code outside its function's list is a finding. Section 5.1
// allows any function CKR_GENERAL_ERROR and CKR_HOST_MEMORY, and every list has CKR_FUNCTION_FAILED; a
// function the module does not offer answers CKR_FUNCTION_NOT_SUPPORTED from its stub (section 5.1), after
// the session check the module makes first.
#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "Cryptoki.h"

#ifndef CKR_OPERATION_CANCEL_FAILED
#define CKR_OPERATION_CANCEL_FAILED 0x00000202UL
#endif

namespace ias::fuzz {

// A return value as the findings and traces print it: 0x000000A0.
inline std::string hexRv(CK_RV rv) {
    char text[24];
    std::snprintf(text, sizeof text, "0x%08lX", static_cast<unsigned long>(rv));
    return text;
}

enum class Fn {
    Initialize,
    Finalize,
    GetInfo,
    GetFunctionList,
    GetInterfaceList,
    GetInterface,
    GetSlotList,
    GetSlotInfo,
    GetTokenInfo,
    WaitForSlotEvent,
    GetMechanismList,
    GetMechanismInfo,
    InitToken,
    InitPIN,
    SetPIN,
    OpenSession,
    CloseSession,
    CloseAllSessions,
    GetSessionInfo,
    SessionCancel,
    Login,
    LoginUser,
    Logout,
    GetObjectSize,
    GetAttributeValue,
    FindObjectsInit,
    FindObjects,
    FindObjectsFinal,
    SignInit,
    Sign,
    SignUpdate,
    SignFinal,
    DecryptInit,
    Decrypt,
    GenerateRandom,
    SeedRandom,
    GetFunctionStatus,
    CancelFunction,
    Unsupported,  // a stub: C_DigestInit, C_EncryptInit, C_CreateObject, C_GetOperationState ...
};

struct FnRule {
    const char* name;
    std::vector<CK_RV> codes;
    bool needsInitialize = true;  // answers CKR_CRYPTOKI_NOT_INITIALIZED before C_Initialize
};

inline const FnRule& rule(Fn fn) {
    static const std::map<Fn, FnRule> rules = [] {
        auto with = [](std::initializer_list<CK_RV> specific) {
            std::vector<CK_RV> v{CKR_OK, CKR_GENERAL_ERROR, CKR_HOST_MEMORY, CKR_FUNCTION_FAILED};
            v.insert(v.end(), specific);
            return v;
        };
        constexpr CK_RV niu = CKR_CRYPTOKI_NOT_INITIALIZED;
        std::map<Fn, FnRule> r;
        r[Fn::Initialize] = {"C_Initialize",
                             with({CKR_ARGUMENTS_BAD, CKR_CANT_LOCK, CKR_CRYPTOKI_ALREADY_INITIALIZED,
                                   CKR_NEED_TO_CREATE_THREADS}),
                             false};
        r[Fn::Finalize] = {"C_Finalize", with({CKR_ARGUMENTS_BAD, niu})};
        r[Fn::GetInfo] = {"C_GetInfo", with({CKR_ARGUMENTS_BAD, niu})};
        r[Fn::GetFunctionList] = {"C_GetFunctionList", with({CKR_ARGUMENTS_BAD}), false};
        r[Fn::GetInterfaceList] = {"C_GetInterfaceList", with({CKR_ARGUMENTS_BAD, CKR_BUFFER_TOO_SMALL}),
                                   false};
        r[Fn::GetInterface] = {"C_GetInterface", with({CKR_ARGUMENTS_BAD}), false};
        r[Fn::GetSlotList] = {"C_GetSlotList", with({CKR_ARGUMENTS_BAD, CKR_BUFFER_TOO_SMALL, niu})};
        r[Fn::GetSlotInfo] = {"C_GetSlotInfo",
                              with({CKR_ARGUMENTS_BAD, niu, CKR_DEVICE_ERROR, CKR_SLOT_ID_INVALID})};
        r[Fn::GetTokenInfo] = {
            "C_GetTokenInfo",
            with({CKR_ARGUMENTS_BAD, niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED,
                  CKR_SLOT_ID_INVALID, CKR_TOKEN_NOT_PRESENT, CKR_TOKEN_NOT_RECOGNIZED})};
        r[Fn::WaitForSlotEvent] = {"C_WaitForSlotEvent", with({CKR_ARGUMENTS_BAD, niu, CKR_NO_EVENT})};
        r[Fn::GetMechanismList] = {
            "C_GetMechanismList",
            with({CKR_ARGUMENTS_BAD, CKR_BUFFER_TOO_SMALL, niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY,
                  CKR_DEVICE_REMOVED, CKR_SLOT_ID_INVALID, CKR_TOKEN_NOT_PRESENT, CKR_TOKEN_NOT_RECOGNIZED})};
        r[Fn::GetMechanismInfo] = {"C_GetMechanismInfo",
                                   with({CKR_ARGUMENTS_BAD, niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY,
                                         CKR_DEVICE_REMOVED, CKR_MECHANISM_INVALID, CKR_SLOT_ID_INVALID,
                                         CKR_TOKEN_NOT_PRESENT, CKR_TOKEN_NOT_RECOGNIZED})};
        r[Fn::InitToken] = {
            "C_InitToken",  // a stub here: never CKR_OK
            {CKR_GENERAL_ERROR, CKR_HOST_MEMORY, CKR_FUNCTION_FAILED, niu, CKR_FUNCTION_NOT_SUPPORTED}};
        r[Fn::InitPIN] = {"C_InitPIN",
                          with({CKR_ARGUMENTS_BAD, niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY,
                                CKR_DEVICE_REMOVED, CKR_FUNCTION_CANCELED, CKR_PIN_INVALID, CKR_PIN_LEN_RANGE,
                                CKR_SESSION_CLOSED, CKR_SESSION_READ_ONLY, CKR_SESSION_HANDLE_INVALID,
                                CKR_TOKEN_WRITE_PROTECTED, CKR_USER_NOT_LOGGED_IN})};
        r[Fn::SetPIN] = {
            "C_SetPIN", with({CKR_ARGUMENTS_BAD, niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED,
                              CKR_FUNCTION_CANCELED, CKR_PIN_INCORRECT, CKR_PIN_INVALID, CKR_PIN_LEN_RANGE,
                              CKR_PIN_LOCKED, CKR_SESSION_CLOSED, CKR_SESSION_HANDLE_INVALID,
                              CKR_SESSION_READ_ONLY, CKR_TOKEN_WRITE_PROTECTED})};
        r[Fn::OpenSession] = {
            "C_OpenSession",
            with({CKR_ARGUMENTS_BAD, niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED,
                  CKR_SESSION_COUNT, CKR_SESSION_PARALLEL_NOT_SUPPORTED, CKR_SESSION_READ_WRITE_SO_EXISTS,
                  CKR_SLOT_ID_INVALID, CKR_TOKEN_NOT_PRESENT, CKR_TOKEN_NOT_RECOGNIZED,
                  CKR_TOKEN_WRITE_PROTECTED})};
        r[Fn::CloseSession] = {"C_CloseSession",
                               with({niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED,
                                     CKR_SESSION_CLOSED, CKR_SESSION_HANDLE_INVALID})};
        r[Fn::CloseAllSessions] = {"C_CloseAllSessions",
                                   with({niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED,
                                         CKR_SLOT_ID_INVALID, CKR_TOKEN_NOT_PRESENT})};
        r[Fn::GetSessionInfo] = {"C_GetSessionInfo",
                                 with({CKR_ARGUMENTS_BAD, niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY,
                                       CKR_DEVICE_REMOVED, CKR_SESSION_CLOSED, CKR_SESSION_HANDLE_INVALID})};
        r[Fn::SessionCancel] = {
            "C_SessionCancel",
            with({niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED, CKR_SESSION_CLOSED,
                  CKR_SESSION_HANDLE_INVALID, CKR_OPERATION_CANCEL_FAILED})};
        const std::vector<CK_RV> login =
            with({CKR_ARGUMENTS_BAD, niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED,
                  CKR_FUNCTION_CANCELED, CKR_OPERATION_NOT_INITIALIZED, CKR_PIN_INCORRECT, CKR_PIN_LOCKED,
                  CKR_SESSION_CLOSED, CKR_SESSION_HANDLE_INVALID, CKR_SESSION_READ_ONLY_EXISTS,
                  CKR_USER_ALREADY_LOGGED_IN, CKR_USER_ANOTHER_ALREADY_LOGGED_IN,
                  CKR_USER_PIN_NOT_INITIALIZED, CKR_USER_TOO_MANY_TYPES, CKR_USER_TYPE_INVALID});
        r[Fn::Login] = {"C_Login", login};
        r[Fn::LoginUser] = {"C_LoginUser", login};
        r[Fn::Logout] = {"C_Logout",
                         with({niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED,
                               CKR_SESSION_CLOSED, CKR_SESSION_HANDLE_INVALID, CKR_USER_NOT_LOGGED_IN})};
        r[Fn::GetObjectSize] = {
            "C_GetObjectSize", with({CKR_ARGUMENTS_BAD, niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY,
                                     CKR_DEVICE_REMOVED, CKR_INFORMATION_SENSITIVE, CKR_OBJECT_HANDLE_INVALID,
                                     CKR_SESSION_CLOSED, CKR_SESSION_HANDLE_INVALID})};
        r[Fn::GetAttributeValue] = {
            "C_GetAttributeValue",
            with({CKR_ARGUMENTS_BAD, CKR_ATTRIBUTE_SENSITIVE, CKR_ATTRIBUTE_TYPE_INVALID,
                  CKR_BUFFER_TOO_SMALL, niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED,
                  CKR_OBJECT_HANDLE_INVALID, CKR_SESSION_CLOSED, CKR_SESSION_HANDLE_INVALID})};
        r[Fn::FindObjectsInit] = {
            "C_FindObjectsInit",
            with({CKR_ARGUMENTS_BAD, CKR_ATTRIBUTE_TYPE_INVALID, CKR_ATTRIBUTE_VALUE_INVALID, niu,
                  CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED, CKR_OPERATION_ACTIVE,
                  CKR_SESSION_CLOSED, CKR_SESSION_HANDLE_INVALID})};
        r[Fn::FindObjects] = {
            "C_FindObjects",
            with({CKR_ARGUMENTS_BAD, niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED,
                  CKR_OPERATION_NOT_INITIALIZED, CKR_SESSION_CLOSED, CKR_SESSION_HANDLE_INVALID})};
        r[Fn::FindObjectsFinal] = {
            "C_FindObjectsFinal",
            with({niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED, CKR_OPERATION_NOT_INITIALIZED,
                  CKR_SESSION_CLOSED, CKR_SESSION_HANDLE_INVALID})};
        const std::vector<CK_RV> cryptoInit =
            with({CKR_ARGUMENTS_BAD, niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED,
                  CKR_FUNCTION_CANCELED, CKR_KEY_FUNCTION_NOT_PERMITTED, CKR_KEY_HANDLE_INVALID,
                  CKR_KEY_SIZE_RANGE, CKR_KEY_TYPE_INCONSISTENT, CKR_MECHANISM_INVALID,
                  CKR_MECHANISM_PARAM_INVALID, CKR_OPERATION_ACTIVE, CKR_PIN_EXPIRED, CKR_SESSION_CLOSED,
                  CKR_SESSION_HANDLE_INVALID, CKR_USER_NOT_LOGGED_IN});
        r[Fn::SignInit] = {"C_SignInit", cryptoInit};
        r[Fn::DecryptInit] = {"C_DecryptInit", cryptoInit};
        r[Fn::Sign] = {"C_Sign",
                       with({CKR_ARGUMENTS_BAD, CKR_BUFFER_TOO_SMALL, niu, CKR_DATA_INVALID,
                             CKR_DATA_LEN_RANGE, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED,
                             CKR_FUNCTION_CANCELED, CKR_OPERATION_NOT_INITIALIZED, CKR_SESSION_CLOSED,
                             CKR_SESSION_HANDLE_INVALID, CKR_USER_NOT_LOGGED_IN, CKR_FUNCTION_REJECTED})};
        r[Fn::SignUpdate] = {
            "C_SignUpdate",
            with({CKR_ARGUMENTS_BAD, niu, CKR_DATA_LEN_RANGE, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY,
                  CKR_DEVICE_REMOVED, CKR_FUNCTION_CANCELED, CKR_OPERATION_NOT_INITIALIZED,
                  CKR_SESSION_CLOSED, CKR_SESSION_HANDLE_INVALID, CKR_USER_NOT_LOGGED_IN})};
        r[Fn::SignFinal] = {
            "C_SignFinal", with({CKR_ARGUMENTS_BAD, CKR_BUFFER_TOO_SMALL, niu, CKR_DATA_LEN_RANGE,
                                 CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED,
                                 CKR_FUNCTION_CANCELED, CKR_OPERATION_NOT_INITIALIZED, CKR_SESSION_CLOSED,
                                 CKR_SESSION_HANDLE_INVALID, CKR_USER_NOT_LOGGED_IN, CKR_FUNCTION_REJECTED})};
        r[Fn::Decrypt] = {
            "C_Decrypt",
            with({CKR_ARGUMENTS_BAD, CKR_BUFFER_TOO_SMALL, niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY,
                  CKR_DEVICE_REMOVED, CKR_ENCRYPTED_DATA_INVALID, CKR_ENCRYPTED_DATA_LEN_RANGE,
                  CKR_FUNCTION_CANCELED, CKR_OPERATION_NOT_INITIALIZED, CKR_SESSION_CLOSED,
                  CKR_SESSION_HANDLE_INVALID, CKR_USER_NOT_LOGGED_IN})};
        r[Fn::GenerateRandom] = {
            "C_GenerateRandom",
            with({CKR_ARGUMENTS_BAD, niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY, CKR_DEVICE_REMOVED,
                  CKR_FUNCTION_CANCELED, CKR_OPERATION_ACTIVE, CKR_RANDOM_NO_RNG, CKR_SESSION_CLOSED,
                  CKR_SESSION_HANDLE_INVALID, CKR_USER_NOT_LOGGED_IN})};
        r[Fn::SeedRandom] = {"C_SeedRandom",
                             with({CKR_ARGUMENTS_BAD, niu, CKR_DEVICE_ERROR, CKR_DEVICE_MEMORY,
                                   CKR_DEVICE_REMOVED, CKR_FUNCTION_CANCELED, CKR_OPERATION_ACTIVE,
                                   CKR_RANDOM_SEED_NOT_SUPPORTED, CKR_RANDOM_NO_RNG, CKR_SESSION_CLOSED,
                                   CKR_SESSION_HANDLE_INVALID, CKR_USER_NOT_LOGGED_IN})};
        r[Fn::GetFunctionStatus] = {
            "C_GetFunctionStatus",
            with({niu, CKR_FUNCTION_NOT_PARALLEL, CKR_SESSION_CLOSED, CKR_SESSION_HANDLE_INVALID})};
        r[Fn::CancelFunction] = {"C_CancelFunction", with({niu, CKR_FUNCTION_NOT_PARALLEL, CKR_SESSION_CLOSED,
                                                           CKR_SESSION_HANDLE_INVALID})};
        // A stub never succeeds.
        r[Fn::Unsupported] = {"an unsupported function",
                              {CKR_GENERAL_ERROR, CKR_HOST_MEMORY, CKR_FUNCTION_FAILED, niu,
                               CKR_FUNCTION_NOT_SUPPORTED, CKR_SESSION_CLOSED, CKR_SESSION_HANDLE_INVALID}};
        return r;
    }();
    return rules.at(fn);
}

inline bool allowed(Fn fn, CK_RV rv) {
    const std::vector<CK_RV>& codes = rule(fn).codes;
    return std::find(codes.begin(), codes.end(), rv) != codes.end();
}

}  // namespace ias::fuzz
