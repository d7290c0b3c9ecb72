// The test PIN-pad reader: an IFD handler (pcsc-lite IFD API 3.0) that pcscd loads through a reader.conf
// block, with DEVICENAME "PORT:TYPED-FILE". It listens on 127.0.0.1:PORT for the virtual card (the vpcd wire
// protocol, so ias-vcard runs unchanged), offers FEATURE_VERIFY_PIN_DIRECT, FEATURE_MODIFY_PIN_DIRECT and
// FEATURE_GET_TLV_PROPERTIES, and fills the host's APDU template with what the test "typed" into
// TYPED-FILE (TypedPins.h). The PIN exists only here, inside pcscd: never in the host application.
// What the pad did goes to TYPED-FILE.log (never the digits).
// pcsc-lite's headers declare the handler's functions without C linkage.
extern "C" {
#include <PCSC/ifdhandler.h>
#include <PCSC/reader.h>
}
#include <string.h>

#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "CardLink.h"
#include "PinPadCommand.h"
#include "TypedPins.h"

namespace {

using namespace ias::pinpad;

constexpr DWORD kIoctlMagic = 0x330000;  // the same class-2 numbering libccid uses
constexpr DWORD kVerifyIoctl = SCARD_CTL_CODE(kIoctlMagic + FEATURE_VERIFY_PIN_DIRECT);
constexpr DWORD kModifyIoctl = SCARD_CTL_CODE(kIoctlMagic + FEATURE_MODIFY_PIN_DIRECT);
constexpr DWORD kPropertiesIoctl = SCARD_CTL_CODE(kIoctlMagic + FEATURE_GET_TLV_PROPERTIES);

struct Reader {
    std::mutex lock;
    CardLink card;
    std::string typedFile;
};

std::mutex readersLock;
std::map<DWORD, std::shared_ptr<Reader>> readers;

std::shared_ptr<Reader> readerOf(DWORD lun) {
    std::lock_guard<std::mutex> guard(readersLock);
    const auto it = readers.find(lun >> 16);
    return it == readers.end() ? nullptr : it->second;
}

std::string hex(const std::uint8_t* p, std::size_t n) {
    std::string out;
    char b[4];
    for (std::size_t i = 0; i < n; ++i) {
        std::snprintf(b, sizeof b, i ? " %02X" : "%02X", p[i]);
        out += b;
    }
    return out;
}

void note(const Reader& r, const std::string& line) {
    if (FILE* f = std::fopen((r.typedFile + ".log").c_str(), "a")) {
        std::fprintf(f, "%s\n", line.c_str());
        std::fclose(f);
    }
}

const char* encodingName(DigitEncoding e) {
    return e == DigitEncoding::Ascii ? "ascii" : e == DigitEncoding::Bcd ? "bcd" : "binary";
}

std::string describe(const PinFormat& f) {
    return std::string(encodingName(f.encoding)) + " block " + std::to_string(f.blockBytes) + " min " +
           std::to_string(f.minDigits) + " max " + std::to_string(f.maxDigits);
}

RESPONSECODE answer(const std::vector<std::uint8_t>& bytes, PUCHAR rx, DWORD rxLength, LPDWORD returned) {
    if (!rx || bytes.size() > rxLength) return IFD_ERROR_INSUFFICIENT_BUFFER;
    memcpy(rx, bytes.data(), bytes.size());
    *returned = static_cast<DWORD>(bytes.size());
    return IFD_SUCCESS;
}

void appendTlv(std::vector<std::uint8_t>& out, std::uint8_t feature, DWORD code) {
    out.insert(out.end(),
               {feature, 4, static_cast<std::uint8_t>(code >> 24), static_cast<std::uint8_t>(code >> 16),
                static_cast<std::uint8_t>(code >> 8), static_cast<std::uint8_t>(code)});
}

// Runs one PIN entry: the outcome's status word, or the card's answer to the completed APDU.
template <class Request>
RESPONSECODE enterPin(Reader& r, const char* what, const Request& request,
                      Outcome (*build)(const Request&, const TypedEntry&, std::vector<std::uint8_t>&,
                                       std::string&),
                      PUCHAR rx, DWORD rxLength, LPDWORD returned) {
    TypedEntry typed = readTypedEntry(r.typedFile);
    std::vector<std::uint8_t> apdu;
    std::string why;
    const Outcome outcome = build(request, typed, apdu, why);
    wipe(typed);
    const std::string header =
        std::string(what) + " " + hex(request.apdu.data(), 4) + " " + describe(request.format);
    if (outcome != Outcome::Ok) {
        wipe(apdu);
        const auto sw = statusOf(outcome);
        note(r, header + " -> " + hex(sw.data(), sw.size()) + (why.empty() ? "" : " (" + why + ")"));
        return answer(sw, rx, rxLength, returned);
    }
    auto response = r.card.exchange(apdu);
    wipe(apdu);
    if (!response) {
        note(r, header + " -> card gone");
        return IFD_COMMUNICATION_ERROR;
    }
    note(r, header + " -> card " + hex(response->data() + response->size() - 2, 2));
    return answer(*response, rx, rxLength, returned);
}

}  // namespace

extern "C" {

RESPONSECODE IFDHCreateChannelByName(DWORD Lun, LPSTR DeviceName) {
    if (!DeviceName) return IFD_COMMUNICATION_ERROR;
    const std::string name = DeviceName;
    const auto colon = name.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == name.size()) return IFD_COMMUNICATION_ERROR;
    int port = 0;
    for (std::size_t i = 0; i < colon; ++i) {
        if (name[i] < '0' || name[i] > '9' || port > 65535) return IFD_COMMUNICATION_ERROR;
        port = port * 10 + (name[i] - '0');
    }
    if (port <= 0 || port > 65535) return IFD_COMMUNICATION_ERROR;
    auto reader = std::make_shared<Reader>();
    reader->typedFile = name.substr(colon + 1);
    if (!reader->card.listen(port)) return IFD_COMMUNICATION_ERROR;
    note(*reader, "reader listening on 127.0.0.1:" + std::to_string(port));
    std::lock_guard<std::mutex> guard(readersLock);
    readers[Lun >> 16] = std::move(reader);
    return IFD_SUCCESS;
}

RESPONSECODE IFDHCreateChannel(DWORD, DWORD) {
    return IFD_COMMUNICATION_ERROR;  // DEVICENAME is required
}

RESPONSECODE IFDHCloseChannel(DWORD Lun) {
    std::shared_ptr<Reader> r;
    {
        std::lock_guard<std::mutex> guard(readersLock);
        const auto it = readers.find(Lun >> 16);
        if (it == readers.end()) return IFD_SUCCESS;
        r = it->second;
        readers.erase(it);
    }
    std::lock_guard<std::mutex> guard(r->lock);
    r->card.close();
    return IFD_SUCCESS;
}

RESPONSECODE IFDHGetCapabilities(DWORD Lun, DWORD Tag, PDWORD Length, PUCHAR Value) {
    if (!Length || !Value) return IFD_ERROR_TAG;
    switch (Tag) {
        case TAG_IFD_ATR: {
            auto r = readerOf(Lun);
            if (!r) return IFD_COMMUNICATION_ERROR;
            std::lock_guard<std::mutex> guard(r->lock);
            const auto& atr = r->card.atr();
            if (*Length < atr.size()) return IFD_ERROR_INSUFFICIENT_BUFFER;
            if (!atr.empty()) memcpy(Value, atr.data(), atr.size());
            *Length = static_cast<DWORD>(atr.size());
            return IFD_SUCCESS;
        }
        case TAG_IFD_SLOTS_NUMBER:
        case TAG_IFD_SIMULTANEOUS_ACCESS:
            if (*Length < 1) return IFD_ERROR_INSUFFICIENT_BUFFER;
            Value[0] = Tag == TAG_IFD_SLOTS_NUMBER ? 1 : 16;
            *Length = 1;
            return IFD_SUCCESS;
        case TAG_IFD_THREAD_SAFE:
        case TAG_IFD_SLOT_THREAD_SAFE:
            if (*Length < 1) return IFD_ERROR_INSUFFICIENT_BUFFER;
            Value[0] = 0;
            *Length = 1;
            return IFD_SUCCESS;
        default:
            return IFD_ERROR_TAG;
    }
}

RESPONSECODE IFDHSetCapabilities(DWORD, DWORD, DWORD, PUCHAR) {
    return IFD_NOT_SUPPORTED;
}

RESPONSECODE IFDHSetProtocolParameters(DWORD, DWORD Protocol, UCHAR, UCHAR, UCHAR, UCHAR) {
    return Protocol == SCARD_PROTOCOL_T1 ? IFD_SUCCESS : IFD_PROTOCOL_NOT_SUPPORTED;
}

RESPONSECODE IFDHPowerICC(DWORD Lun, DWORD Action, PUCHAR Atr, PDWORD AtrLength) {
    auto r = readerOf(Lun);
    if (!r || !AtrLength) return IFD_COMMUNICATION_ERROR;
    std::lock_guard<std::mutex> guard(r->lock);
    const DWORD capacity = *AtrLength;
    *AtrLength = 0;
    bool ok = false;
    switch (Action) {
        case IFD_POWER_DOWN:
            r->card.powerDown();
            return IFD_SUCCESS;
        case IFD_POWER_UP:
            ok = r->card.powerUp();
            break;
        case IFD_RESET:
            ok = r->card.reset();
            break;
        default:
            return IFD_NOT_SUPPORTED;
    }
    if (!ok) return IFD_ERROR_POWER_ACTION;
    const auto& atr = r->card.atr();
    if (!Atr || capacity < atr.size()) return IFD_ERROR_INSUFFICIENT_BUFFER;
    memcpy(Atr, atr.data(), atr.size());
    *AtrLength = static_cast<DWORD>(atr.size());
    return IFD_SUCCESS;
}

RESPONSECODE IFDHTransmitToICC(DWORD Lun, SCARD_IO_HEADER, PUCHAR TxBuffer, DWORD TxLength, PUCHAR RxBuffer,
                               PDWORD RxLength, PSCARD_IO_HEADER) {
    auto r = readerOf(Lun);
    if (!r || !TxBuffer || !RxBuffer || !RxLength) return IFD_COMMUNICATION_ERROR;
    std::lock_guard<std::mutex> guard(r->lock);
    std::vector<std::uint8_t> apdu(TxBuffer, TxBuffer + TxLength);
    auto response = r->card.exchange(apdu);
    wipe(apdu);
    if (!response) {
        *RxLength = 0;
        return IFD_COMMUNICATION_ERROR;
    }
    if (response->size() > *RxLength) return IFD_ERROR_INSUFFICIENT_BUFFER;
    memcpy(RxBuffer, response->data(), response->size());
    *RxLength = static_cast<DWORD>(response->size());
    wipe(*response);
    return IFD_SUCCESS;
}

RESPONSECODE IFDHControl(DWORD Lun, DWORD dwControlCode, PUCHAR TxBuffer, DWORD TxLength, PUCHAR RxBuffer,
                         DWORD RxLength, LPDWORD pdwBytesReturned) {
    auto r = readerOf(Lun);
    if (!r || !pdwBytesReturned) return IFD_COMMUNICATION_ERROR;
    *pdwBytesReturned = 0;
    std::lock_guard<std::mutex> guard(r->lock);
    if (dwControlCode == CM_IOCTL_GET_FEATURE_REQUEST) {
        std::vector<std::uint8_t> tlv;
        appendTlv(tlv, FEATURE_VERIFY_PIN_DIRECT, kVerifyIoctl);
        appendTlv(tlv, FEATURE_MODIFY_PIN_DIRECT, kModifyIoctl);
        appendTlv(tlv, FEATURE_GET_TLV_PROPERTIES, kPropertiesIoctl);
        note(*r, "features requested");
        return answer(tlv, RxBuffer, RxLength, pdwBytesReturned);
    }
    if (dwControlCode == kPropertiesIoctl) {
        // No display (wLcdLayout 0), validation by the OK key (02), PINs of 4 to 12 digits.
        const std::vector<std::uint8_t> properties = {PCSCv2_PART10_PROPERTY_wLcdLayout,
                                                      2,
                                                      0,
                                                      0,
                                                      PCSCv2_PART10_PROPERTY_bEntryValidationCondition,
                                                      1,
                                                      2,
                                                      PCSCv2_PART10_PROPERTY_bMinPINSize,
                                                      1,
                                                      4,
                                                      PCSCv2_PART10_PROPERTY_bMaxPINSize,
                                                      1,
                                                      12};
        return answer(properties, RxBuffer, RxLength, pdwBytesReturned);
    }
    if (dwControlCode == kVerifyIoctl) {
        VerifyRequest request;
        std::string why;
        if (parseVerify(TxBuffer, TxLength, request, why) != Outcome::Ok) {
            note(*r, "verify: bad PIN_VERIFY_STRUCTURE " + hex(TxBuffer, TxBuffer ? TxLength : 0) +
                         " -> 6B 80 (" + why + ")");
            return answer(statusOf(Outcome::BadParameter), RxBuffer, RxLength, pdwBytesReturned);
        }
        return enterPin(*r, "verify", request, &buildVerifyApdu, RxBuffer, RxLength, pdwBytesReturned);
    }
    if (dwControlCode == kModifyIoctl) {
        ModifyRequest request;
        std::string why;
        if (parseModify(TxBuffer, TxLength, request, why) != Outcome::Ok) {
            note(*r, "modify: bad PIN_MODIFY_STRUCTURE " + hex(TxBuffer, TxBuffer ? TxLength : 0) +
                         " -> 6B 80 (" + why + ")");
            return answer(statusOf(Outcome::BadParameter), RxBuffer, RxLength, pdwBytesReturned);
        }
        return enterPin(*r, "modify", request, &buildModifyApdu, RxBuffer, RxLength, pdwBytesReturned);
    }
    return IFD_ERROR_NOT_SUPPORTED;
}

RESPONSECODE IFDHICCPresence(DWORD Lun) {
    auto r = readerOf(Lun);
    if (!r) return IFD_NO_SUCH_DEVICE;
    std::lock_guard<std::mutex> guard(r->lock);
    return r->card.present() ? IFD_ICC_PRESENT : IFD_ICC_NOT_PRESENT;
}

}  // extern "C"
