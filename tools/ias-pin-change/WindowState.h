#pragma once
// The window's widgets and state, shared by its layout (WindowLayout.cpp) and its behaviour
// (PinChangeWindow.cpp). GTK's main thread only.
#include <gtk/gtk.h>

#include <memory>
#include <optional>

#include "CardSnapshot.h"
#include "CardWatcher.h"
#include "PinChangeWindow.h"
#include "StatusReport.h"

namespace ias::pinchange {

class PinChangeWindow {
public:
    WindowOptions options;
    StatusReport report;
    CardSnapshot snapshot;
    bool busy = false;
    bool closed = false;
    bool blockedAdvice = false;  // the result line says what to do about the chosen PIN being blocked
    bool unblockMode = false;    // the PUK form (PUK, new PIN twice, Unblock) asked for with the switch
    int reportedUnblock = -1;    // the form last written to the status lines (-1: none yet)
    std::unique_ptr<CardWatcher> watcher;

    GtkWidget* window = nullptr;
    GtkWidget* state = nullptr;
    GtkWidget* pinChoice = nullptr;  // GtkDropDown over the PINs' labels
    GtkStringList* pinLabels = nullptr;
    GtkWidget* tries = nullptr;
    GtkWidget* unblockToggle = nullptr;  // "Forgot the PIN? Unblock it with the PUK"
    GtkWidget* pukTriesLabel = nullptr;
    GtkWidget* pukTries = nullptr;
    GtkWidget* fields = nullptr;  // the grid of the entries and the rules
    GtkWidget* currentLabel = nullptr;
    GtkWidget* current = nullptr;
    GtkWidget* pukLabel = nullptr;
    GtkWidget* puk = nullptr;
    GtkWidget* fresh = nullptr;
    GtkWidget* again = nullptr;
    GtkWidget* rules = nullptr;
    GtkWidget* padNotice = nullptr;
    GtkWidget* result = nullptr;
    GtkWidget* change = nullptr;  // the action: Change, or Unblock in the PUK form
    GtkWidget* about = nullptr;

    const PinChoice* selected() const {
        if (snapshot.presence != Presence::Ready) return nullptr;
        const guint i = gtk_drop_down_get_selected(GTK_DROP_DOWN(pinChoice));
        return i < snapshot.pins.size() ? &snapshot.pins[i] : nullptr;
    }
};

// Builds the widgets and connects them to the handlers below.
void buildWindow(PinChangeWindow* w, GtkApplication* app);

// Handlers (PinChangeWindow.cpp).
void onEntryChanged(PinChangeWindow* w);
void startAction(PinChangeWindow* w);
void showSelectedPin(PinChangeWindow* w);
void onUnblockToggled(PinChangeWindow* w);
void showAbout(PinChangeWindow* w);

}  // namespace ias::pinchange
