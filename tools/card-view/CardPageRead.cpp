#include "CardPageRead.h"

#include <ctime>
#include <memory>

#include "ias/apdu/PcscTransport.h"
#include "ias/api/Card.h"

namespace ias::cardview {

CardPage readCardPage(const PcscContext& context, const std::string& reader) {
    std::unique_ptr<PcscTransport> transport;
    try {
        transport = std::make_unique<PcscTransport>(context, reader);
    } catch (const std::exception& e) {
        CardPage page;
        page.reader = reader;
        page.presence = context.cardPresent(reader) ? Presence::Unknown : Presence::NoCard;
        page.unknownWhy = e.what();
        return page;
    }
    return readCardPage(*transport, reader);
}

CardPage readCardPage(Transport& transport, const std::string& reader) {
    CardPage page;
    page.reader = reader;
    page.atr = transport.atr();
    api::Card card(transport);
    try {
        page.identity = card.identity();
        page.application = card.application();
    } catch (const CardRemovedError&) {
        page.presence = Presence::NoCard;
        return page;
    } catch (const std::exception& e) {
        page.presence = Presence::Unknown;
        page.unknownWhy = e.what();
        return page;
    }
    for (const api::PinInfo& pin : page.application->pins) {
        PinView view{pin, std::nullopt, {}};
        try {
            view.status = card.pinStatus(pin.authId);
        } catch (const CardRemovedError&) {
            page.presence = Presence::NoCard;
            return page;
        } catch (const std::exception& e) {
            view.error = e.what();
        }
        page.pins.push_back(std::move(view));
    }
    const std::time_t now = std::time(nullptr);
    for (const api::CertificateInfo& info : page.application->certificates) {
        CertificateView view{info, {}, std::nullopt, {}};
        try {
            view.der = card.certificate(info.id);
            view.facts = diag::certificateFacts(view.der, now);
        } catch (const CardRemovedError&) {
            page.presence = Presence::NoCard;
            return page;
        } catch (const std::exception& e) {
            view.error = e.what();
        }
        page.certificates.push_back(std::move(view));
    }
    page.presence = Presence::Ready;
    return page;
}

}  // namespace ias::cardview
