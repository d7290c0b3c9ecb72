#pragma once
// The PKCS#11 modules an NSS database loads (its pkcs11.txt: blocks of `library=`, `name=`, `parameters=`,
// `NSS=` lines separated by blank lines; the internal module has an empty library) and what they are.
#include <string>
#include <string_view>
#include <vector>

namespace ias::diag {

enum class ModuleKind {
    Ours,         // libias-pkcs11.so
    OpenSc,       // opensc-pkcs11.so (or onepin-opensc-pkcs11.so): also reads IAS-ECC cards
    P11KitProxy,  // p11-kit-proxy.so: loads every module p11-kit knows (its .module files)
    Other,
};

struct NssModule {
    std::string name;
    std::string library;  // as written: absolute, or a file name the dynamic loader looks for
    std::size_t line = 0;
    ModuleKind kind = ModuleKind::Other;
};

ModuleKind moduleKind(std::string_view library);
// Ours with both tokens (libias-pkcs11.so), not the browsers' libias-pkcs11-auth.so (docs/pkcs11.md, "Two
// modules"): a web browser that loads it asks for the signature PIN at a site's login too.
bool oursWithBothTokens(std::string_view library);
// The modules with a library (the NSS internal module is left out).
std::vector<NssModule> parsePkcs11Txt(std::string_view text);
// `module:` of a p11-kit .module file, and whether it is kept from the proxy (disable-in / enable-in).
struct P11KitModule {
    std::string file;
    std::string module;
    bool inProxy = true;
    ModuleKind kind = ModuleKind::Other;
};
P11KitModule parseP11KitModule(std::string_view text, std::string file);

}  // namespace ias::diag
