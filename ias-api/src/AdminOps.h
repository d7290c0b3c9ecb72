#pragma once
// Internal: the card I/O administration shares (CardAdmin.cpp, CardCheck.cpp): secure messaging as the
// card's rules want it, UPDATE BINARY in chunks, directory rewrites that survive a pulled card
// (DirectoryUpdate.h), SDO and certificate-file clean-up.
#include <string>

#include "CardImpl.h"
#include "DirectoryUpdate.h"

namespace ias::api {

struct AdminOps {
    Card::Impl& c;

    detail::AccessRules applicationRules();
    // Secure messaging as `rule` wants it, keeping a session already open (one keyset per operation).
    void require(detail::Scb rule, const char* what);
    std::size_t writeChunk() const;
    void updateBinary(std::size_t offset, ByteView data);
    // Rewrites a directory file so that a card pulled after any command is left readable in the old or new
    // state, or journalled (planDirectoryRewrite).
    void rewrite(DirectoryFile& f, const Bytes& content);
    // CREATE FILE of the journal EF and its content (header last).
    void writeJournal(const detail::DirectoryJournal& journal);
    // The visible objects of `f` read anew from the card, and the byte that ends them (00 at the file end).
    std::pair<Bytes, std::uint8_t> readVisible(DirectoryFile& f);

    // The journal EF (70FF) as found on the card, with the directory file it names.
    struct JournalState {
        bool exists = false;
        // Ours: a valid journal, or one whose header was never written (it is written last). An EF 70FF with
        // other content belongs to someone else and is never touched.
        bool ours = false;
        std::optional<detail::DirectoryJournal> journal;  // when it is whole and valid
        DirectoryFile* file = nullptr;                    // the PrKDF, PuKDF or CDF it names
        bool pending = false;                             // that file's rewrite was interrupted
    };
    JournalState inspectJournal();
    // Finishes a pending rewrite and deletes the journal EF. Returns true when a file's content changed.
    bool settleJournal(const JournalState& state);
    // Finishes an interrupted directory rewrite before an operation, so that re-running an interrupted
    // operation completes it; the model is rebuilt when content changed.
    void recoverDirectories();
    // Re-parses the PrKDF, PuKDF and CDF objects from the files' contents.
    void reparse();

    // Deletes the key SDO pair `ref` (private and public halves; absent halves are fine).
    void deleteKeySdos(std::uint8_t ref);
    // SELECT + DELETE FILE of a certificate EF of the application (its own DELETE rule).
    void deleteFile(const Path& path);
    void forgetSdo(std::uint8_t ref);

    std::uint8_t environmentOf(const PinInfo& pin);
    std::vector<std::uint32_t> algorithmReferences(std::uint32_t usage);
};

// File names of the content cache.
std::string directoryCacheName(const Bytes& aid, const Path& p);

}  // namespace ias::api
