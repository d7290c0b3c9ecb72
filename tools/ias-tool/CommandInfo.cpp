// info: the card's identity (ATR, EF.SN, EF.ATR) and the PKCS#15 token, as "name: value" lines.
#include <iostream>

#include "Commands.h"
#include "Session.h"

namespace ias::tool {

int runInfo(const Args& args) {
    args.allowOnly({});
    Session session(args);
    const api::CardIdentity& id = session.card().identity();
    const api::Application& app = session.card().application();
    const api::BufferSizes& b = id.buffers;
    std::cout << "reader: " << session.reader() << "\n"
              << "atr: " << toHex(id.atr) << "\n"
              << "serial: " << toHex(id.serial) << "\n";
    if (id.preIssuing.size() >= 4)
        std::cout << "chip: manufacturer " << toHex(ByteView(id.preIssuing).first(1)) << ", type "
                  << toHex(ByteView(id.preIssuing).subspan(1, 1)) << ", OS " << (id.preIssuing[2] >> 4) << "."
                  << (id.preIssuing[2] & 0x0F) << ", IAS-ECC " << (id.preIssuing[3] >> 4) << "."
                  << (id.preIssuing[3] & 0x0F) << "\n";
    std::cout << "buffer sizes: send " << b.send << ", send under SM " << b.sendSm << ", receive "
              << b.receive << ", receive under SM " << b.receiveSm << "\n"
              << "ef.atr: " << toHex(id.efAtr) << "\n"
              << "application: " << toHex(app.aid) << (app.label.empty() ? "" : " \"" + app.label + "\"")
              << "\n"
              << "token label: " << app.tokenInfo.label << "\n"
              << "token serial: " << toHex(app.tokenInfo.serialNumber) << "\n"
              << "token manufacturer: " << app.tokenInfo.manufacturerId << "\n"
              << "pins: " << app.pins.size() << ", keys: " << app.keys.size()
              << ", certificates: " << app.certificates.size() << "\n";
    return 0;
}

}  // namespace ias::tool
