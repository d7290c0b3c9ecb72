// ias-card-confirm READER INSERTION: the confirmation of a card's kept content in a process of its own, for
// the module where the application forbids it threads (docs/pkcs11.md, "Reading ahead"). It runs the
// module's own confirmation (IasCardConnection::describe(): the kept record checked against the card, the
// record rewritten when the card differs) and writes one line on stdout:
//   confirmed insertion=<n> digest=<descriptionDigest of what the card holds>     (exit 0)
//   failed <why>                                                                   (exit 1)
// `insertion` is pcsc-lite's event counter of the reader as the module saw it (ReaderStatus::insertion):
// read before and after the card's reading, it binds the answer to that insertion of that card.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <string>

#include "DescriptionDigest.h"
#include "IasCardConnection.h"
#include "ModuleLog.h"
#include "PcscReaders.h"

namespace {

std::uint64_t insertionOf(ias::p11::PcscReaders& readers, const std::string& name) {
    for (const ias::p11::ReaderStatus& r : readers.readers())
        if (r.name == name) return r.insertion;
    return 0;
}

int failed(const std::string& why) {
    std::printf("failed %s\n", why.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: ias-card-confirm READER INSERTION (started by libias-pkcs11.so)\n");
        return 2;
    }
    const std::string reader = argv[1];
    const std::uint64_t insertion = std::strtoull(argv[2], nullptr, 10);
    try {
        ias::p11::PcscReaders readers;
        if (insertionOf(readers, reader) != insertion) return failed("another insertion before the reading");
        std::string digest;
        {
            ias::p11::IasCardConnection card(reader, std::make_shared<ias::api::ContentCache>(),
                                             ias::api::persistentCacheDirectory(), false,
                                             ias::p11::PinSettings::load());
            digest = ias::p11::descriptionDigest(card.describe());
            // The module's log (stderr is the host's): what the bench counts as read in the background.
            ias::p11::logDebug("background read of " + reader + ": done, " +
                               std::to_string(card.commandsSent()) + " commands, in ias-card-confirm");
        }
        if (insertionOf(readers, reader) != insertion) return failed("another insertion after the reading");
        std::printf("confirmed insertion=%s digest=%s\n", argv[2], digest.c_str());
        return 0;
    } catch (const std::exception& e) {
        return failed(e.what());
    }
}
