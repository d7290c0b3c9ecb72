// The command-line tools' output files (tools/cli/FileIo): an existing file is replaced whole or not at all.
// `ias-sign cosign SIG DOC` writes SIG itself by default; a failed write must leave the old signature.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "ExitCode.h"
#include "FileIo.h"

namespace {

namespace fs = std::filesystem;
using ias::Bytes;

std::string contentOf(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class FileIo : public ::testing::Test {
protected:
    void SetUp() override {
        std::string templ = (fs::temp_directory_path() / "ias-fileio.XXXXXX").string();
        ASSERT_NE(::mkdtemp(templ.data()), nullptr);
        dir_ = templ;
    }
    void TearDown() override { fs::remove_all(dir_); }
    void writeFile(const fs::path& path, const std::string& text, mode_t mode) {
        std::ofstream(path, std::ios::binary) << text;
        ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    }
    std::size_t entries() const {
        return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), {}));
    }
    fs::path dir_;
};

TEST_F(FileIo, AnExistingFileIsReplacedNotRewrittenInPlace) {
    const fs::path sig = dir_ / "decision.p7s";
    writeFile(sig, "old signature", 0640);
    // A reader that opened the old file before keeps reading the old bytes: a new file took the name.
    std::ifstream reader(sig, std::ios::binary);
    ias::tool::writeOutput(sig.string(), Bytes{'n', 'e', 'w'});
    EXPECT_EQ(contentOf(sig), "new");
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(reader), {}), "old signature");
    struct stat st {};
    ASSERT_EQ(::stat(sig.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, 0640u) << "the replaced file's mode is kept";
    EXPECT_EQ(entries(), 1u) << "no temporary file left beside it";
}

TEST_F(FileIo, AFailedWriteLeavesTheOldFileWholeAndNoTemporaryFile) {
    const fs::path sig = dir_ / "decision.p7s";
    writeFile(sig, "old signature", 0644);
    // In a child: a file size limit of 4 bytes makes write(2) fail (EFBIG) part-way through the new content.
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        ::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{4, 4};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        try {
            ias::tool::writeOutput(sig.string(), Bytes(4096, 'x'));
        } catch (const ias::tool::ToolError& e) {
            ::_exit(e.code() == ias::tool::Exit::InputOutput ? 10 : 1);
        }
        ::_exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 10) << "the failure is an input/output error";
    EXPECT_EQ(contentOf(sig), "old signature");
    EXPECT_EQ(entries(), 1u) << "the temporary file was removed";
}

TEST_F(FileIo, ASecretReplacingAReadableFileIsNotReadableByOthers) {
    const fs::path out = dir_ / "plain.bin";
    writeFile(out, "old", 0644);
    ias::tool::writeSecretOutput(out.string(), ias::SecureBuffer::copyOf(std::string_view("s")));
    struct stat st {};
    ASSERT_EQ(::stat(out.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 077, 0u);
    EXPECT_EQ(contentOf(out), "s");
}

TEST_F(FileIo, ThroughASymbolicLinkTheFileItNamesIsReplaced) {
    const fs::path real = dir_ / "real.p7s", link = dir_ / "link.p7s";
    writeFile(real, "old", 0644);
    fs::create_symlink(real, link);
    ias::tool::writeOutput(link.string(), Bytes{'n', 'e', 'w'});
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(contentOf(real), "new");
}

TEST_F(FileIo, ADeviceIsWrittenInPlace) {
    EXPECT_NO_THROW(ias::tool::writeOutput(std::string("/dev/null"), Bytes{'x'}));
    EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST_F(FileIo, ANewFileInAMissingDirectoryIsAnInputOutputError) {
    try {
        ias::tool::writeOutput((dir_ / "no-such-dir" / "x.p7s").string(), Bytes{'x'});
        FAIL() << "no error";
    } catch (const ias::tool::ToolError& e) {
        EXPECT_EQ(e.code(), ias::tool::Exit::InputOutput);
        EXPECT_NE(std::string(e.what()).find("no-such-dir"), std::string::npos) << e.what();
    }
}

}  // namespace
