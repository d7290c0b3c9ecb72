// raw_update_binary: a foreign writer for the persistent-cache test. It changes bytes of a PKCS#15 file in
// the card's application with one UPDATE BINARY under secure messaging (the card's UPDATE rule: ADF SE 5,
// keyset 03, SHA-256 key derivation), without the card layer's administration, so nothing else on the card
// (TokenInfo, the CDF entries) is touched.
//
//   raw_update_binary READER AID_HEX FID_HEX OFFSET DATA_HEX      (SM keys from IAS_ECC_CONF)
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "ias/apdu/PcscTransport.h"
#include "ias/api/SmKeyStore.h"
#include "ias/sm/SmSession.h"

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: raw_update_binary READER AID FID OFFSET DATA\n");
        return 2;
    }
    try {
        const ias::Bytes aid = ias::fromHex(argv[2]);
        const ias::Bytes fid = ias::fromHex(argv[3]);
        const unsigned long offset = std::strtoul(argv[4], nullptr, 0);
        const ias::Bytes data = ias::fromHex(argv[5]);
        const ias::api::SmKeyStore keys = ias::api::SmKeyStore::load();
        const ias::sm::Keyset* keyset = keys.keyset(ias::toHex(aid), 0x03);
        if (!keyset) throw std::runtime_error("no keyset 03 of the application in IAS_ECC_CONF");
        ias::PcscContext context;
        ias::PcscTransport card(context, argv[1]);
        ias::Transaction transaction(card);
        card.transmit(ias::CommandApdu(0x00, 0xA4, 0x00, 0x0C, ias::Bytes{0x3F, 0x00})).check("SELECT MF");
        const ias::ResponseApdu sn =
            card.transmit(ias::CommandApdu(0x00, 0xB0, 0x9C, 0x00, ias::ByteView{}, 256));
        sn.check("READ BINARY EF.SN");
        card.transmit(ias::CommandApdu(0x00, 0xA4, 0x04, 0x0C, aid)).check("SELECT application");
        ias::sm::SmSession session =
            ias::sm::SmSession::open(card, *keyset, ias::view(keys.ifdSerial()),
                                     ias::view(ias::sm::snIccFromSerial(ias::view(sn.data()).subspan(2))),
                                     ias::sm::KdfHash::Sha256, 0x83, 0x8C);
        session.transmit(ias::CommandApdu(0x00, 0xA4, 0x02, 0x0C, fid)).check("SELECT file");
        session
            .transmit(ias::CommandApdu(0x00, 0xD6, static_cast<std::uint8_t>(offset >> 8),
                                       static_cast<std::uint8_t>(offset), data))
            .check("UPDATE BINARY");
        session.close();
        std::printf("updated %zu byte(s) of %s at %lu\n", data.size(), argv[3], offset);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "raw_update_binary: %s\n", e.what());
        return 1;
    }
}
