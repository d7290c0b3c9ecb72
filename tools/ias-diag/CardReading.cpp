#include "CardReading.h"

#include "ias/apdu/PcscTransport.h"
#include "ias/apdu/StatusWord.h"
#include "ias/api/Card.h"

namespace ias::diag {
namespace {

std::string describe(const std::exception& e) {
    return e.what();
}

}  // namespace

CardReading readCard(const PcscContext& context, const std::string& reader, ReadingProgress& progress) {
    CardReading r;
    r.reader = reader;
    std::unique_ptr<PcscTransport> transport;
    try {
        transport = std::make_unique<PcscTransport>(context, reader);
        r.atr = transport->atr();
    } catch (const std::exception& e) {
        r.connectError = describe(e);
        return r;
    }
    // No persistent cache: the report shows what the card says now, not what an earlier run kept.
    api::Card card(*transport);
    try {
        progress.set("reading EF.SN and EF.ATR");
        r.identity = card.identity();
    } catch (const std::exception& e) {
        r.identityError = describe(e);
        return r;
    }
    try {
        progress.set("reading the PKCS#15 application");
        r.application = card.application();
    } catch (const std::exception& e) {
        r.applicationError = describe(e);
        return r;
    }
    for (const api::PinInfo& pin : r.application->pins) {
        PinReading p{pin, std::nullopt, {}};
        try {
            progress.set("reading the retry counter of " + pin.label);
            p.status = card.pinStatus(pin.authId);
        } catch (const std::exception& e) {
            p.error = describe(e);
        }
        r.pins.push_back(std::move(p));
    }
    for (const api::CertificateInfo& cert : r.application->certificates) {
        CertificateReading c{cert, {}, {}};
        try {
            progress.set("reading certificate " + cert.label);
            c.der = card.certificate(cert.id);
        } catch (const std::exception& e) {
            c.error = describe(e);
        }
        r.certificates.push_back(std::move(c));
    }
    try {
        progress.set("looking for an interrupted administration");
        for (const api::AdministrationFinding& f : card.checkAdministration(false))
            r.administration.push_back({f.description, f.interrupted()});
    } catch (const std::exception& e) {
        r.administrationError = describe(e);
    }
    progress.set("done");
    return r;
}

}  // namespace ias::diag
