// Makes the fuzz targets' seeds from the virtual card's real answers: a personalised VirtualCard in this
// process, read and used through ias::api::Card (identity, application, certificates, public keys, PIN
// status, the signature PIN under secure messaging, a key generated under SM), then a sweep of SELECTs with
// FCP and GET DATA on every SDO. Every exchange is recorded at the transport and each answer lands in the
// directory of the target whose parser reads it: fcp/, ef_atr/, ef_sn/, sdo_answer/, sm_response/, and the
// PKCS#15 files and certificates (as a fresh Card read them) in ef_dir/ odf/ tokeninfo/ aodf/ prkdf/
// pukdf/ cdf/ certificate/. Files are named <profile>-<what>.bin.
//
// usage: make-fuzz-seeds PERSONALISED_DIR PROFILE OUT_DIR   (seeds/make_seeds.sh runs it)
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <tuple>

#include "SdoAnswer.h"
#include "SmFuzzHarness.h"
#include "ias/apdu/InProcessTransport.h"
#include "ias/api/ApiError.h"
#include "ias/api/Card.h"
#include "ias/api/ContentCache.h"
#include "ias/api/SmKeyStore.h"
#include "vcard/VirtualCard.h"

namespace fs = std::filesystem;
using namespace ias;

namespace {

struct Exchange {
    Bytes command;
    ResponseApdu answer;
};

// Records every raw exchange on the way to the card.
class RecordingTransport : public Transport {
public:
    explicit RecordingTransport(Transport& inner) : inner_(inner) {}
    ResponseApdu transmitRaw(const SecureBuffer& command) override {
        ResponseApdu r = inner_.transmitRaw(command);
        log.push_back({Bytes(command.view().begin(), command.view().end()), r});
        return r;
    }
    Bytes atr() const override { return inner_.atr(); }
    Protocol protocol() const override { return inner_.protocol(); }
    void beginTransaction() override { inner_.beginTransaction(); }
    void endTransaction() noexcept override { inner_.endTransaction(); }
    void reconnect(bool resetCard) override { inner_.reconnect(resetCard); }

    std::vector<Exchange> log;

private:
    Transport& inner_;
};

class SeedWriter {
public:
    SeedWriter(fs::path out, std::string profile) : out_(std::move(out)), profile_(std::move(profile)) {}

    void write(const std::string& target, const std::string& what, ByteView content) {
        const std::string key = target + "/" + toHex(content);
        if (!written_.insert(key).second) return;  // the same answer once per target
        const fs::path dir = out_ / target;
        fs::create_directories(dir);
        std::string name = profile_ + "-" + what;
        if (int& uses = names_[target + "/" + name]; uses++ > 0) name += "-" + std::to_string(uses);
        std::ofstream(dir / (name + ".bin"), std::ios::binary)
            .write(reinterpret_cast<const char*>(content.data()),
                   static_cast<std::streamsize>(content.size()));
        ++counts_[target];
    }
    void report() const {
        for (const auto& [target, n] : counts_) std::cout << profile_ << ": " << target << " " << n << "\n";
    }

private:
    fs::path out_;
    std::string profile_;
    std::set<std::string> written_;
    std::map<std::string, int> names_;
    std::map<std::string, int> counts_;
};

// Runs one step of the session; a refusal is worth recording too, so it only gets logged.
template <typename F>
void step(const char* what, F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        std::cerr << "  (" << what << ": " << e.what() << ")\n";
    }
}

void useTheCard(Transport& transport, const fs::path& dir) {
    api::Card::Options o;
    o.cache = std::make_shared<api::ContentCache>();
    o.smKeys = std::make_shared<const api::SmKeyStore>(api::SmKeyStore::fromFile(dir / "ias-ecc.conf"));
    api::Card card(transport, o);
    step("identity", [&] { card.identity(); });
    const api::Application app = card.application();
    for (const api::CertificateInfo& c : app.certificates)
        step("certificate", [&] { card.certificate(c.id); });
    for (const api::KeyInfo& k : app.keys) step("public key", [&] { card.publicKey(k.id); });
    for (const api::PinInfo& p : app.pins) step("PIN status", [&] { card.pinStatus(p.authId); });
    const Bytes signPin{0x02};
    step("wrong signature PIN",
         [&] { card.verifyPin(signPin, SecureBuffer::copyOf(std::string_view("000000"))); });
    step("signature PIN", [&] { card.verifyPin(signPin, SecureBuffer::copyOf(std::string_view("123456"))); });
    api::KeyGenerationRequest req;
    req.id = Bytes{0x09};
    req.label = "Seed key";
    req.bits = 1024;
    req.pinAuthId = Bytes{0x01};
    step("generate key", [&] { card.generateKey(req); });
}

// SELECT with FCP of every file, GET DATA of every SDO, in the MF and in the application.
// Answers longer than one response come whole (GET RESPONSE done): they are returned with their commands.
std::vector<Exchange> sweep(Transport& transport, const Bytes& aid) {
    std::vector<Exchange> whole;
    auto send = [&](const CommandApdu& c) {
        step("sweep", [&] {
            const SecureBuffer encoded = c.encode();
            whole.push_back({Bytes(encoded.view().begin(), encoded.view().end()), transport.transmit(c)});
        });
    };
    const std::uint32_t kTags[][2] = {
        {api::detail::sdo::kChv, 0x7F41},       {api::detail::sdo::kChv, 0xA0},
        {api::detail::sdo::kKeyset, 0xA0},      {api::detail::sdo::kPrivateKey, 0xA0},
        {api::detail::sdo::kPublicKey, 0x7F49}, {api::detail::sdo::kPublicKey, 0xA0},
        {api::detail::sdo::kEnvironment, 0x7B}};
    auto getData = [&] {
        for (const auto& [cls, tag] : kTags)
            for (std::uint8_t ref = 1; ref <= 5; ++ref)
                send(CommandApdu(0x00, 0xCB, 0x3F, 0xFF,
                                 api::detail::getDataRequest(static_cast<std::uint8_t>(cls), ref, tag),
                                 std::size_t{256}));
    };
    send(CommandApdu(0x00, 0xA4, 0x00, 0x04, Bytes{0x3F, 0x00}, std::size_t{256}));
    for (const Bytes& fid : {Bytes{0x2F, 0x00}, Bytes{0x2F, 0x01}, Bytes{0xD0, 0x03}}) {
        send(CommandApdu(0x00, 0xA4, 0x00, 0x0C, Bytes{0x3F, 0x00}));
        send(CommandApdu(0x00, 0xA4, 0x02, 0x04, fid, std::size_t{256}));
    }
    send(CommandApdu(0x00, 0xA4, 0x00, 0x0C, Bytes{0x3F, 0x00}));
    getData();
    send(CommandApdu(0x00, 0xA4, 0x04, 0x04, aid, std::size_t{256}));
    for (std::uint16_t fid :
         {0x5031, 0x5032, 0x7001, 0x7002, 0x7003, 0x7004, 0x7005, 0x7006, 0xB001, 0xB002, 0xB003, 0xB004})
        send(CommandApdu(0x00, 0xA4, 0x02, 0x04,
                         Bytes{static_cast<std::uint8_t>(fid >> 8), static_cast<std::uint8_t>(fid)},
                         std::size_t{256}));
    send(CommandApdu(0x00, 0xA4, 0x04, 0x0C, aid));
    getData();
    return whole;
}

// The name of a GET DATA request's SDO and what it asks: "BF8101-7F4180".
std::string sdoName(ByteView request) {
    try {
        const Tlv sdo = parseSingleTlv(parseSingleTlv(parseSingleTlv(request).value).value);
        Bytes tag;
        appendTag(tag, sdo.tag);
        return toHex(view(tag)) + "-" + toHex(sdo.value);
    } catch (const TlvError&) {
        return "unknown";
    }
}

void classify(const std::vector<Exchange>& log, SeedWriter& seeds, std::vector<ResponseApdu>& plainAnswers) {
    int smCount = 0;
    std::map<std::tuple<std::uint8_t, std::uint8_t, std::uint8_t>, int> kinds;
    for (const Exchange& x : log) {
        const CommandApdu c = CommandApdu::parse(view(x.command));
        const ResponseApdu& r = x.answer;
        const Bytes raw = r.encode();
        if (c.isSecureMessaging()) {
            if (r.sw().sw1 == 0x61) continue;  // a first part only
            const std::string what = "card-ins" + toHex(Bytes{c.ins()}) + "-" + std::to_string(++smCount);
            seeds.write("sm_response", what,
                        view(fuzz::SmFuzzInput::encode(fuzz::SmAnswerMode::Raw, false, c.le().has_value(),
                                                       view(raw))));
            // The same data objects without DO8E: the harness signs them with its own session.
            if (r.data().size() >= 10 && r.data()[r.data().size() - 10] == 0x8E) {
                Bytes body(r.data().begin(), r.data().end() - 10);
                body.push_back(r.sw().sw1);
                body.push_back(r.sw().sw2);
                seeds.write("sm_response", what + "-signed",
                            view(fuzz::SmFuzzInput::encode(fuzz::SmAnswerMode::Signed, false,
                                                           c.le().has_value(), view(body))));
            }
            continue;
        }
        // A few of each kind (command and status) for the SM target.
        if (r.sw().sw1 != 0x61 && r.data().size() <= 512 && ++kinds[{c.ins(), r.sw().sw1, r.sw().sw2}] <= 3)
            plainAnswers.push_back(r);
        if (!r.ok() || r.data().empty()) continue;
        if (c.ins() == 0xA4) seeds.write("fcp", "select-" + toHex(c.data().view()), view(r.data()));
        if (c.ins() == 0xB0 && c.p1() == 0x9D) seeds.write("ef_atr", "ef-atr", view(r.data()));
        if (c.ins() == 0xB0 && c.p1() == 0x9C) seeds.write("ef_sn", "ef-sn", view(r.data()));
        if (c.ins() == 0xCB) seeds.write("sdo_answer", "getdata-" + sdoName(c.data().view()), view(r.data()));
    }
}

// Plain answers of the card as the SM target's inputs: as they are for the card to wrap, and wrapped by the
// harness's session (authentic answers the target must accept).
void smSeedsFromPlainAnswers(const std::vector<ResponseApdu>& answers, SeedWriter& seeds) {
    int n = 0;
    for (const ResponseApdu& r : answers) {
        const Bytes plain = r.encode();
        const bool expectsData = !r.data().empty();
        const std::string what = "plain-" + toHex(Bytes{r.sw().sw1, r.sw().sw2}) + "-" + std::to_string(++n);
        const Bytes wrappedInput =
            fuzz::SmFuzzInput::encode(fuzz::SmAnswerMode::Wrapped, false, expectsData, view(plain));
        seeds.write("sm_response", what, view(wrappedInput));
        const auto input = fuzz::SmFuzzInput::decode(view(wrappedInput));
        fuzz::SmFuzzCard card(*input);
        try {
            fuzz::runSmExchange(card, *input);
        } catch (const sm::SmError&) {
        }
        if (!card.answer().empty())
            seeds.write("sm_response", what + "-wrapped",
                        view(fuzz::SmFuzzInput::encode(fuzz::SmAnswerMode::Raw, false, expectsData,
                                                       view(card.answer()))));
    }
}

// The PKCS#15 files and certificates as a fresh Card reads them (after the key generation changed some).
void pkcs15Seeds(Transport& transport, const fs::path& dir, SeedWriter& seeds) {
    api::Card::Options o;
    o.cache = std::make_shared<api::ContentCache>();
    o.smKeys = std::make_shared<const api::SmKeyStore>(api::SmKeyStore::fromFile(dir / "ias-ecc.conf"));
    api::Card card(transport, o);
    const api::Application app = card.application();
    for (const api::CertificateInfo& c : app.certificates)
        step("certificate", [&] { card.certificate(c.id); });
    const std::string cardKey = toHex(view(card.identity().atr)) + "/" + toHex(view(card.identity().serial));
    const std::map<std::string, std::string> targets = {
        {"2F00", "ef_dir"}, {"5031", "odf"},   {"5032", "tokeninfo"}, {"7001", "aodf"},
        {"7002", "prkdf"},  {"7004", "pukdf"}, {"7005", "cdf"}};
    for (const auto& [name, content] : o.cache->entries(cardKey)) {
        if (name.rfind("cert:", 0) == 0) {
            std::string what = "cert-" + name.substr(name.size() - 6);
            std::replace(what.begin(), what.end(), '@', '-');
            seeds.write("certificate", what, view(content));
        }
        if (name.rfind("file:", 0) != 0 || name.find('#') != std::string::npos) continue;
        const auto it = targets.find(name.substr(name.size() - 4));
        if (it != targets.end()) seeds.write(it->second, it->first, view(content));
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: make-fuzz-seeds PERSONALISED_DIR PROFILE OUT_DIR\n";
        return 2;
    }
    const fs::path dir = argv[1];
    SeedWriter seeds(argv[3], argv[2]);
    const fs::path state = dir / "seeds.state";
    fs::remove(state);
    vcard::VirtualCard card(state, dir / "card.profile");
    InProcessTransport inner(card);
    RecordingTransport transport(inner);

    useTheCard(transport, dir);
    api::Card::Options o;
    o.cache = std::make_shared<api::ContentCache>();
    const Bytes aid = api::Card(transport, o).application().aid;
    const std::vector<Exchange> swept = sweep(transport, aid);
    pkcs15Seeds(transport, dir, seeds);

    std::vector<ResponseApdu> plainAnswers;
    classify(swept, seeds, plainAnswers);
    classify(transport.log, seeds, plainAnswers);
    smSeedsFromPlainAnswers(plainAnswers, seeds);
    seeds.report();
    fs::remove(state);
    return 0;
}
