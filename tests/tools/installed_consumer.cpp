// Built by installed_api_test.sh against the installed tree only (headers in PREFIX/include, -lias-api):
// every public header compiles on its own set of includes, and exceptions thrown inside libias-api.so are
// caught here by their types. The script prepends an #include of every installed header.
#include <iostream>

int main() {
    int caught = 0;
    try {
        ias::PcscContext context;  // the script points PCSCLITE_CSOCK_NAME at nothing
        std::cout << context.listReaders().size() << " readers\n";
    } catch (const ias::ReaderUnavailableError& e) {
        std::cout << "ReaderUnavailableError: " << e.what() << "\n";
        ++caught;
    }
    try {
        ias::api::parseCertificate(ias::fromHex("3000"));
    } catch (const ias::api::Pkcs15Error& e) {
        std::cout << "Pkcs15Error in " << e.file() << "\n";
        ++caught;
    }
    try {
        ias::throwCardError(ias::StatusWord(0x63C2), "VERIFY");
    } catch (const ias::PinIncorrect& e) {
        std::cout << "PinIncorrect, " << e.triesLeft() << " tries left\n";
        caught += e.triesLeft() == 2;
    }
    const ias::SecureBuffer pin = ias::SecureBuffer::copyOf(std::string_view("1234"));
    return caught == 3 && pin.size() == 4 ? 0 : 1;
}
