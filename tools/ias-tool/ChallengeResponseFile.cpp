#include "ChallengeResponseFile.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <cstring>
#include <memory>

#include "ExitCode.h"

namespace ias::tool {
namespace {

using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;

constexpr std::string_view kMechanismHeader = "Mechanism: ";

void writeBlock(BIO* bio, const char* name, const std::string& header, const Bytes& data) {
    if (PEM_write_bio(bio, name, header.c_str(), data.data(), static_cast<long>(data.size())) <= 0)
        throw ToolError(Exit::Internal, std::string("cannot encode the ") + name + " block");
}

}  // namespace

Bytes encodeResponse(const ChallengeResponseFile& response) {
    Bio bio(BIO_new(BIO_s_mem()), BIO_free);
    if (!bio) throw ToolError(Exit::Internal, "out of memory");
    writeBlock(bio.get(), kSignaturePemName, std::string(kMechanismHeader) + response.mechanism + "\n",
               response.signature);
    for (const Bytes& der : response.certificates) writeBlock(bio.get(), "CERTIFICATE", "", der);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return Bytes(data, data + len);
}

ChallengeResponseFile decodeResponse(ByteView pem, const std::string& name) {
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    if (!bio) throw ToolError(Exit::Internal, "out of memory");
    ChallengeResponseFile response;
    bool haveSignature = false;
    for (;;) {
        char* blockName = nullptr;
        char* header = nullptr;
        unsigned char* data = nullptr;
        long len = 0;
        if (PEM_read_bio(bio.get(), &blockName, &header, &data, &len) != 1) {
            // No further BEGIN line is the end; anything else is a broken block.
            const bool end = ERR_GET_REASON(ERR_peek_last_error()) == PEM_R_NO_START_LINE;
            ERR_clear_error();
            if (!end) throw ToolError(Exit::InputOutput, name + ": a PEM block does not decode");
            break;
        }
        const std::string n = blockName, h = header;
        Bytes bytes(data, data + len);
        OPENSSL_free(blockName);
        OPENSSL_free(header);
        OPENSSL_free(data);
        if (n == kSignaturePemName && !haveSignature) {
            if (h.rfind(kMechanismHeader, 0) != 0)
                throw ToolError(Exit::InputOutput, name + ": the signature block has no Mechanism header");
            response.mechanism = h.substr(kMechanismHeader.size());
            while (!response.mechanism.empty() &&
                   (response.mechanism.back() == '\n' || response.mechanism.back() == '\r'))
                response.mechanism.pop_back();
            response.signature = std::move(bytes);
            haveSignature = true;
        } else if (n == "CERTIFICATE") {
            response.certificates.push_back(std::move(bytes));
        } else {
            throw ToolError(Exit::InputOutput, name + ": unexpected PEM block \"" + n + "\"");
        }
    }
    if (!haveSignature || response.certificates.empty())
        throw ToolError(Exit::InputOutput,
                        name + " is no challenge response (a signature and a certificate)");
    return response;
}

}  // namespace ias::tool
