// Fault injection over every administration flow: for each flow and each k from 1 to the flow's APDU count,
// the virtual card dies after its k-th command (its state file as that command left it); the card is then
// put back and read with a fresh Card (no cache). What we read must be the old or the new state, or the
// card check must name the interrupted state; the repair must leave the old or the new state and a clean
// check; re-running the flow must then give the new state. Every distinct card state is kept (when
// IAS_FAULT_STATES is set) with what ias-api read, for the OpenSC witness (admin_faults_test.sh).
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "CardFixture.h"

namespace ias::api::test {
namespace {

const Bytes kNewId{0x04};

// What a reader sees of the card: private keys (with whether a public key object goes with them) and
// certificates with their bytes; for PIN flows, which PIN value the PIN has.
struct View {
    std::map<Bytes, bool> keys;
    std::map<Bytes, Bytes> certificates;
    std::string pin;
    bool operator==(const View&) const = default;
};

struct Flow {
    std::string name;
    std::function<void(Card&, const fs::path& pki)> setup;  // from the personalised card to the flow's start
    std::function<void(Card&, const fs::path& pki)> run;
    std::function<std::string(Card&)> pinState;  // PIN flows: "old", "new", or something else
};

KeyGenerationRequest generation(const Bytes& id) {
    KeyGenerationRequest r;
    r.id = id;
    r.label = "Generated key " + toHex(id);
    r.bits = 1024;  // the fault matrix generates many keys; the size changes no command order
    r.pinAuthId = kAuthPin;
    return r;
}

std::vector<Flow> flows() {
    auto authPinState = [](const char* oldPin, const char* newPin) {
        return [=](Card& card) -> std::string {
            if (card.pinStatus(kAuthPin).blocked) return "blocked";
            try {
                card.verifyPin(kAuthPin, secret(oldPin));
                return "old";
            } catch (const CardError&) {
            }
            try {
                card.verifyPin(kAuthPin, secret(newPin));
                return "new";
            } catch (const CardError&) {
            }
            return "neither";
        };
    };
    return {
        {"generate-key", nullptr, [](Card& c, const fs::path&) { c.generateKey(generation(kNewId)); },
         nullptr},
        {"store-certificate", nullptr,
         [](Card& c, const fs::path& pki) {
             c.storeCertificate(readFile((pki / "root-ca.der").string()),
                                CertificateStoreRequest{kNewId, "Stored certificate", true});
         },
         nullptr},
        {"replace-certificate", nullptr,
         [](Card& c, const fs::path& pki) {
             c.storeCertificate(readFile((pki / "sign.der").string()),
                                CertificateStoreRequest{kAuthKey, "Authentication certificate", false});
         },
         nullptr},
        {"delete-first-certificate", nullptr, [](Card& c, const fs::path&) { c.deleteCertificate(kAuthKey); },
         nullptr},
        {"delete-last-certificate", nullptr,
         [](Card& c, const fs::path&) { c.deleteCertificate(Bytes{0x12}); }, nullptr},
        {"delete-generated-key", [](Card& c, const fs::path&) { c.generateKey(generation(kNewId)); },
         [](Card& c, const fs::path&) { c.deleteKey(kNewId); }, nullptr},
        {"delete-first-key", nullptr, [](Card& c, const fs::path&) { c.deleteKey(kAuthKey); }, nullptr},
        // Three keys: removing the first rewrites more than one UPDATE BINARY holds (journalled).
        {"delete-first-of-three-keys", [](Card& c, const fs::path&) { c.generateKey(generation(kNewId)); },
         [](Card& c, const fs::path&) { c.deleteKey(kAuthKey); }, nullptr},
        {"change-pin", nullptr,
         [](Card& c, const fs::path&) { c.changePin(kAuthPin, secret("1234"), secret("9876")); },
         authPinState("1234", "9876")},
        {"unblock-pin",
         [](Card& c, const fs::path&) {
             for (int i = 0; i < 3; ++i) try {
                     c.verifyPin(kAuthPin, secret("0000"));
                 } catch (const CardError&) {
                 }
         },
         [](Card& c, const fs::path&) {
             const SecureBuffer pin = secret("5555");
             c.unblockPin(kAuthPin, secret("12345678"), &pin);
         },
         [](Card& card) -> std::string {
             if (card.pinStatus(kAuthPin).blocked) return "old";
             try {
                 card.verifyPin(kAuthPin, secret("5555"));
                 return "new";
             } catch (const CardError&) {
             }
             return "neither";
         }},
    };
}

class AdministrationFaults : public ::testing::TestWithParam<Flow> {
protected:
    void SetUp() override {
        dir_ = personalised("standard");
        keys_ = std::make_shared<const SmKeyStore>(SmKeyStore::fromFile(dir_ / "ias-ecc.conf"));
        work_ =
            fs::temp_directory_path() / ("ias-faults-" + std::to_string(::getpid()) + "-" + GetParam().name);
        fs::remove_all(work_);
        fs::create_directories(work_);
        base_ = work_ / "base.state";
        {
            vcard::VirtualCard card(base_, dir_ / "card.profile");
            if (GetParam().setup) {
                InProcessTransport t(card);
                Card c(t, options());
                GetParam().setup(c, dir_ / "pki");
            }
        }
        if (const char* out = std::getenv("IAS_FAULT_STATES")) states_ = out;
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(work_, ec);
    }

    Card::Options options() const {
        Card::Options o;
        o.cache = std::make_shared<ContentCache>();
        o.smKeys = keys_;
        return o;
    }

    // A card from `state`, read by a fresh Card.
    View read(const fs::path& state) {
        vcard::VirtualCard card(state);
        InProcessTransport t(card);
        Card c(t, options());
        View v;
        const Application& app = c.application();
        for (const KeyInfo& k : app.keys) v.keys[k.id] = k.hasPublicKeyObject;
        for (const CertificateInfo& ci : app.certificates) v.certificates[ci.id] = c.certificate(ci.id);
        if (GetParam().pinState) v.pin = GetParam().pinState(c);
        return v;
    }

    std::vector<AdministrationFinding> check(const fs::path& state, bool repair) {
        vcard::VirtualCard card(state);
        InProcessTransport t(card);
        Card c(t, options());
        return c.checkAdministration(repair);
    }

    // Runs the flow on `state`; the card dies after `k` commands (0: never). Returns the commands the card
    // answered and whether the flow finished.
    std::pair<std::size_t, bool> runFlow(const fs::path& state, std::size_t k) {
        vcard::VirtualCard card(state);
        InProcessTransport t(card);
        Card c(t, options());
        c.application();  // what a tool reads before it administers; not counted
        const std::size_t before = card.commandCount();
        if (k) card.dieAfter(k);
        bool finished = true;
        try {
            GetParam().run(c, dir_ / "pki");
        } catch (const CardRemovedError&) {
            finished = false;
        }
        return {card.commandCount() - before, finished};
    }

    void keep(const fs::path& state, std::size_t k, const std::string& what, const View& v) {
        if (states_.empty()) return;
        std::ifstream in(state, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string bytes = ss.str();
        if (!seen().insert(bytes).second) return;
        fs::create_directories(states_);
        const std::string name = GetParam().name + "-" + std::to_string(k) + ".state";
        fs::copy_file(state, states_ / name, fs::copy_options::overwrite_existing);
        std::ofstream manifest(states_ / "manifest", std::ios::app);
        manifest << name << ' ' << GetParam().name << ' ' << k << ' ' << what << ' ' << v.keys.size() << ' '
                 << v.certificates.size() << '\n';
    }
    static std::set<std::string>& seen() {
        static std::set<std::string> s;
        return s;
    }

    fs::path dir_, work_, base_, states_;
    std::shared_ptr<const SmKeyStore> keys_;
};

TEST_P(AdministrationFaults, EveryCutLeavesOldNewOrANamedStateThatIsRepairedAndCompleted) {
    const Flow& flow = GetParam();
    const View before = read(base_);
    // The whole flow once: its APDU count (counted by the card) and the new state.
    const fs::path full = work_ / "full.state";
    fs::copy_file(base_, full);
    const auto [count, finished] = runFlow(full, 0);
    ASSERT_TRUE(finished);
    const View after = read(full);
    ASSERT_NE(before, after) << "the flow changes nothing a reader sees";
    ASSERT_TRUE(check(full, false).empty()) << "a finished flow leaves something for the check";
    std::size_t oldStates = 0, newStates = 0, named = 0, leftovers = 0;

    for (std::size_t k = 1; k <= count; ++k) {
        SCOPED_TRACE(flow.name + ": card removed after command " + std::to_string(k) + " of " +
                     std::to_string(count));
        const fs::path state = work_ / ("cut-" + std::to_string(k) + ".state");
        fs::copy_file(base_, state, fs::copy_options::overwrite_existing);
        const auto [answered, done] = runFlow(state, k);
        EXPECT_EQ(answered, k);
        EXPECT_EQ(done, k == count) << "the card died but the flow went on, or it did not die";

        // Put back: read by a reader that knows nothing (must not throw), and checked.
        const fs::path readCopy = work_ / "read.state";  // reading a PIN state may change counters
        fs::copy_file(state, readCopy, fs::copy_options::overwrite_existing);
        View seen;
        ASSERT_NO_THROW(seen = read(readCopy));
        const auto findings = check(state, false);
        const bool interrupted =
            std::any_of(findings.begin(), findings.end(), [](const auto& f) { return f.interrupted(); });
        const std::string what = seen == before ? "old" : seen == after ? "new" : "interrupted";
        if (what == "interrupted") {
            EXPECT_TRUE(interrupted) << "a state that is neither old nor new is not named by the check";
            ++named;
        } else {
            ++(what == "old" ? oldStates : newStates);
        }
        if (!findings.empty()) ++leftovers;
        keep(state, k, what, seen);

        // Repair: old or new, and nothing left.
        const auto repaired = check(state, true);
        for (const auto& f : repaired) EXPECT_TRUE(f.repaired) << f.description;
        fs::copy_file(state, readCopy, fs::copy_options::overwrite_existing);
        const View fixed = read(readCopy);
        EXPECT_TRUE(fixed == before || fixed == after) << "the repair left neither the old nor the new state";
        for (const auto& f : check(state, false)) ADD_FAILURE() << "after repair: " << f.description;

        // Run again (when not already done) and the new state is there; the check stays clean after a repair.
        if (!(fixed == after)) {
            const auto [n, done] = runFlow(state, 0);
            EXPECT_TRUE(done);
            EXPECT_GT(n, 0u);
        }
        fs::copy_file(state, readCopy, fs::copy_options::overwrite_existing);
        EXPECT_EQ(read(readCopy), after) << "re-running did not give the new state";
        check(state, true);
        EXPECT_TRUE(check(state, false).empty());
        fs::remove(state);
    }
    std::printf(
        "[ matrix ] %-26s %3zu APDUs: %zu cuts -> %zu old, %zu new, %zu named and repaired; %zu with "
        "leftovers for the check\n",
        flow.name.c_str(), count, count, oldStates, newStates, named, leftovers);
}

INSTANTIATE_TEST_SUITE_P(Flows, AdministrationFaults, ::testing::ValuesIn(flows()), [](const auto& info) {
    std::string n = info.param.name;
    std::replace(n.begin(), n.end(), '-', '_');
    return n;
});

}  // namespace
}  // namespace ias::api::test
