#include "NssModules.h"

#include "ias/api/ConfigurationFile.h"

namespace ias::diag {
namespace {

template <typename F>
void eachLine(std::string_view text, F f) {
    std::size_t n = 0;
    for (std::size_t pos = 0; pos <= text.size();) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        f(api::trimmed(text.substr(pos, end - pos)), ++n);
        pos = end + 1;
    }
}

bool listsWord(std::string_view list, std::string_view word) {
    for (std::size_t pos = 0; pos <= list.size();) {
        std::size_t end = list.find_first_of(", ", pos);
        if (end == std::string_view::npos) end = list.size();
        if (list.substr(pos, end - pos) == word) return true;
        pos = end + 1;
    }
    return false;
}

std::string_view fileName(std::string_view library) {
    const std::size_t slash = library.rfind('/');
    return slash == std::string_view::npos ? library : library.substr(slash + 1);
}

}  // namespace

bool oursWithBothTokens(std::string_view library) {
    return fileName(library) == "libias-pkcs11.so";
}

ModuleKind moduleKind(std::string_view library) {
    const std::string_view file = fileName(library);
    if (file.starts_with("libias-pkcs11")) return ModuleKind::Ours;
    if (file.find("opensc-pkcs11") != std::string_view::npos) return ModuleKind::OpenSc;
    if (file.starts_with("p11-kit-proxy")) return ModuleKind::P11KitProxy;
    return ModuleKind::Other;
}

std::vector<NssModule> parsePkcs11Txt(std::string_view text) {
    std::vector<NssModule> out;
    NssModule current;
    bool open = false;
    auto close = [&] {
        if (open && !current.library.empty()) {
            current.kind = moduleKind(current.library);
            out.push_back(current);
        }
        current = NssModule{};
        open = false;
    };
    eachLine(text, [&](std::string_view line, std::size_t n) {
        if (line.empty()) return close();
        if (line.starts_with("#")) return;
        open = true;
        if (line.starts_with("library=")) {
            current.library = std::string(api::trimmed(line.substr(8)));
            current.line = n;
        } else if (line.starts_with("name=")) {
            current.name = std::string(api::trimmed(line.substr(5)));
        }
    });
    close();
    return out;
}

P11KitModule parseP11KitModule(std::string_view text, std::string file) {
    P11KitModule m;
    m.file = std::move(file);
    eachLine(text, [&](std::string_view line, std::size_t) {
        const std::size_t colon = line.find(':');
        if (line.starts_with("#") || colon == std::string_view::npos) return;
        const std::string_view key = api::trimmed(line.substr(0, colon));
        const std::string_view value = api::trimmed(line.substr(colon + 1));
        if (key == "module") m.module = std::string(value);
        if (key == "disable-in" && listsWord(value, "p11-kit-proxy")) m.inProxy = false;
        if (key == "enable-in" && !listsWord(value, "p11-kit-proxy")) m.inProxy = false;
    });
    m.kind = moduleKind(m.module);
    return m;
}

}  // namespace ias::diag
