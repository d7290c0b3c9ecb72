#pragma once
// The card browser window's state and actions, shared by its files: BrowserWindow.cpp (the pages),
// BrowserExports.cpp (files out), BrowserPinActions.cpp (the PIN flows started from the page).
#include <gtk/gtk.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "BrowserWindow.h"
#include "CardReader.h"
#include "CardViewNames.h"
#include "SaveDialog.h"
#include "StatusReport.h"

namespace ias::browser {

class BrowserWindow {
public:
    BrowserWindow(GtkApplication* app, const WindowOptions& options);
    void show(CardPage page);
    void showStatus();
    void showCard();
    void readerChosen();
    void addChainRows(GtkWidget* grid, const CertificateView& c);
    // Writes the chosen file; sets `kind` to the status word and iD ("der 01", "report -"); false on failure.
    using Export = std::function<bool(const std::string& path, std::string& kind)>;
    void exportFile(const std::string& title, const std::string& suggested,
                    const std::vector<FileFilter>& filters, Export produce);
    void exportCertificate(std::size_t index);
    void exportChain(std::size_t index);
    void exportPublicKey(std::size_t index);
    void saveReport();
    void copyCertificate(std::size_t index);
    void unblock(const Bytes& authId);
    void changePin(const Bytes& authId);
    void testPin(const Bytes& authId, const std::string& label);
    void say(const std::string& text);  // the toast line under the page
    void about();

    WindowOptions options_;
    StatusReport report_;
    GtkWidget* window_ = nullptr;
    GtkWidget* stack_ = nullptr;
    GtkWidget* statusTitle_ = nullptr;
    GtkWidget* statusAdvice_ = nullptr;
    GtkWidget* statusIcon_ = nullptr;
    GtkWidget* cardBox_ = nullptr;
    GtkWidget* cardScroll_ = nullptr;
    GtkWidget* readers_ = nullptr;
    GtkStringList* readerNames_ = nullptr;
    GtkWidget* toast_ = nullptr;  // one line under the page: the last action's outcome
    bool fillingReaders_ = false;
    CardPage page_;
    std::unique_ptr<CardReader> reader_;
};

}  // namespace ias::browser
