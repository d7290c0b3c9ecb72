// The window's behaviour: what the chosen PIN allows (change, or unblock with the PUK), the action button,
// the card's reports from the worker, and the outcome in words. The widgets: WindowLayout.cpp.
#include "PinChangeWindow.h"

#include "AboutWindow.h"
#include "PasswordEntry.h"
#include "Texts.h"
#include "WindowState.h"
#include "ias/pinui/PinRequest.h"

namespace ias::pinchange {

using pinui::dialog::clearEntry;
using pinui::dialog::entryText;

namespace {

bool sameText(ByteView a, ByteView b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

pinui::PinRules rulesOf(bool digitsOnly, std::size_t minLength, std::size_t maxLength) {
    pinui::PinRules r;
    r.digitsOnly = digitsOnly;
    r.minLength = minLength;
    r.maxLength = maxLength;
    return r;
}

pinui::PinRules rulesOf(const PinChoice& pin) {
    return rulesOf(pin.digitsOnly, pin.minLength, pin.maxLength);
}

void setMaxLength(GtkWidget* entry, std::size_t maxLength) {
    GtkEditable* text = gtk_editable_get_delegate(GTK_EDITABLE(entry));
    if (GTK_IS_TEXT(text)) gtk_text_set_max_length(GTK_TEXT(text), static_cast<int>(maxLength));
}

// The PUK form applies: asked for, or the PIN is blocked (then nothing else can be done with it).
bool unblocking(const PinChangeWindow* w, const PinChoice* pin) {
    return pin != nullptr && pin->puk && (w->unblockMode || pin->blocked);
}

bool newPinsAccepted(PinChangeWindow* w, const PinChoice& pin) {
    const ByteView fresh = entryText(w->fresh);
    return rulesOf(pin).accepts(fresh) && sameText(fresh, entryText(w->again));
}

bool actionAllowed(PinChangeWindow* w) {
    const PinChoice* pin = w->selected();
    if (w->busy || pin == nullptr) return false;
    if (unblocking(w, pin)) {
        const PukChoice& puk = *pin->puk;
        if (puk.blocked) return false;
        const bool pukGiven =
            puk.onPinPad || rulesOf(puk.digitsOnly, puk.minLength, puk.maxLength).accepts(entryText(w->puk));
        return pukGiven && newPinsAccepted(w, *pin);
    }
    if (pin->blocked) return false;
    if (pin->onPinPad) return true;
    return rulesOf(*pin).accepts(entryText(w->current)) && newPinsAccepted(w, *pin);
}

// The rules line, replaced by what is wrong with the new PIN once it is typed out.
void updateRules(PinChangeWindow* w, const PinChoice* pin) {
    std::string text = pin ? rulesText(*pin) : std::string();
    bool problem = false;
    if (pin != nullptr) {
        const ByteView fresh = entryText(w->fresh), again = entryText(w->again);
        if (!again.empty() && again.size() >= fresh.size() && !sameText(fresh, again)) {
            text = tr("The two PINs do not match.");
            problem = true;
        }
    }
    gtk_label_set_text(GTK_LABEL(w->rules), text.c_str());
    gtk_widget_remove_css_class(w->rules, problem ? "dim-label" : "error");
    gtk_widget_add_css_class(w->rules, problem ? "error" : "dim-label");
}

void updateButton(PinChangeWindow* w) {
    const bool allowed = actionAllowed(w);
    if (allowed != static_cast<bool>(gtk_widget_get_sensitive(w->change))) w->report.changeEnabled(allowed);
    gtk_widget_set_sensitive(w->change, allowed);
}

void clearEntries(PinChangeWindow* w) {
    for (GtkWidget* e : {w->current, w->puk, w->fresh, w->again}) clearEntry(e);
}

void setResult(PinChangeWindow* w, const std::string& text, bool good) {
    gtk_label_set_text(GTK_LABEL(w->result), text.c_str());
    gtk_widget_remove_css_class(w->result, good ? "error" : "ias-success");
    gtk_widget_add_css_class(w->result, good ? "ias-success" : "error");
}

// The change form or the PUK form: which rows, which button, which keypad notice.
void showForm(PinChangeWindow* w, const PinChoice* pin) {
    const bool ready = pin != nullptr;
    const bool unblock = unblocking(w, pin);
    const bool pukOnPad = unblock && pin->puk->onPinPad;
    const bool changeOnPad = !unblock && ready && pin->onPinPad;
    gtk_widget_set_visible(w->unblockToggle, ready && pin->puk.has_value());
    gtk_widget_set_sensitive(w->unblockToggle, ready && !w->busy && !pin->blocked);
    // The switch follows the form (a blocked PIN shows it on) without counting as the user's click.
    g_signal_handlers_block_by_func(w->unblockToggle, reinterpret_cast<gpointer>(onUnblockToggled), w);
    gtk_check_button_set_active(GTK_CHECK_BUTTON(w->unblockToggle), unblock);
    g_signal_handlers_unblock_by_func(w->unblockToggle, reinterpret_cast<gpointer>(onUnblockToggled), w);
    gtk_widget_set_visible(w->pukTriesLabel, unblock);
    gtk_widget_set_visible(w->pukTries, unblock);
    if (unblock) {
        gtk_label_set_text(GTK_LABEL(w->pukTries), pukTriesText(*pin->puk).c_str());
        if (pin->puk->blocked)
            gtk_widget_add_css_class(w->pukTries, "error");
        else
            gtk_widget_remove_css_class(w->pukTries, "error");
    }
    gtk_widget_set_visible(w->fields, !changeOnPad);
    gtk_widget_set_visible(w->currentLabel, !unblock);
    gtk_widget_set_visible(w->current, !unblock);
    gtk_widget_set_visible(w->pukLabel, unblock && !pukOnPad);
    gtk_widget_set_visible(w->puk, unblock && !pukOnPad);
    gtk_widget_set_visible(w->padNotice, changeOnPad || pukOnPad);
    gtk_label_set_text(GTK_LABEL(w->padNotice),
                       pukOnPad ? tr("This reader has a keypad: type the new PIN here twice; after Unblock, "
                                     "type the PUK on the reader's keypad.")
                                      .c_str()
                                : tr("This reader has a keypad: after Change, type the current PIN on the "
                                     "reader's keypad, then the new PIN twice.")
                                      .c_str());
    gtk_button_set_label(GTK_BUTTON(w->change), unblock ? tr("Un_block").c_str() : tr("C_hange").c_str());
    const bool entriesOn = ready && !w->busy && (unblock ? !pin->puk->blocked : !pin->blocked);
    for (GtkWidget* e : {w->current, w->puk, w->fresh, w->again}) gtk_widget_set_sensitive(e, entriesOn);
    if (ready) {
        for (GtkWidget* e : {w->current, w->fresh, w->again}) setMaxLength(e, pin->maxLength);
        if (pin->puk) setMaxLength(w->puk, pin->puk->maxLength);
    }
}

// The entry the keyboard goes to in the form shown.
GtkWidget* firstEntry(PinChangeWindow* w) {
    const PinChoice* pin = w->selected();
    if (!unblocking(w, pin)) return w->current;
    return pin->puk->onPinPad ? w->fresh : w->puk;
}

void showOutcome(PinChangeWindow* w, ChangeOutcome outcome) {
    w->busy = false;
    w->report.outcome(outcome);
    w->blockedAdvice = false;
    const bool good = outcome.result == ChangeResult::Changed || outcome.result == ChangeResult::Unblocked;
    // Unblocked: back to the change form (the PIN works again), the result line stays.
    if (outcome.result == ChangeResult::Unblocked) w->unblockMode = false;
    showSelectedPin(w);
    const PinChoice* pin = w->selected();
    std::string text = outcomeText(outcome, pin);
    // The last wrong PIN blocked it: what to do next, right away (the PUK form is shown).
    if (pin != nullptr && pin->blocked && outcome.result == ChangeResult::WrongPin)
        text += "\n" + blockedAdviceText(*pin);
    setResult(w, text, good);
    w->blockedAdvice = outcome.result == ChangeResult::PukBlocked;
    gtk_widget_grab_focus(firstEntry(w));
}

// Worker thread → GTK's main loop. A report arriving after the window closed is dropped.
template <typename T>
void post(PinChangeWindow* w, T value, void (*show)(PinChangeWindow*, T)) {
    struct Message {
        PinChangeWindow* window;
        T value;
        void (*show)(PinChangeWindow*, T);
    };
    g_idle_add_full(
        G_PRIORITY_DEFAULT,
        [](gpointer data) -> gboolean {
            auto* m = static_cast<Message*>(data);
            if (!m->window->closed) m->show(m->window, std::move(m->value));
            return G_SOURCE_REMOVE;
        },
        new Message{w, std::move(value), show}, [](gpointer data) { delete static_cast<Message*>(data); });
}

void showSnapshot(PinChangeWindow* w, CardSnapshot snapshot) {
    Bytes chosen;
    if (const PinChoice* pin = w->selected()) {
        chosen = pin->authId;
    } else if (!w->options.pinId.empty()) {
        chosen = fromHex(w->options.pinId);
    }
    const bool wasReady = w->snapshot.presence == Presence::Ready;
    w->snapshot = std::move(snapshot);
    w->report.snapshot(w->snapshot);
    gtk_label_set_text(GTK_LABEL(w->state), presenceText(w->snapshot).c_str());

    // The same list of PINs keeps the user's choice; a new card starts at its first PIN.
    guint keep = 0;
    std::vector<const char*> labels;
    for (std::size_t i = 0; i < w->snapshot.pins.size(); ++i) {
        labels.push_back(w->snapshot.pins[i].label.c_str());
        if (w->snapshot.pins[i].authId == chosen) keep = static_cast<guint>(i);
    }
    labels.push_back(nullptr);
    const guint before = g_list_model_get_n_items(G_LIST_MODEL(w->pinLabels));
    gtk_string_list_splice(w->pinLabels, 0, before, labels.data());
    if (!w->snapshot.pins.empty()) gtk_drop_down_set_selected(GTK_DROP_DOWN(w->pinChoice), keep);
    if (w->snapshot.presence != Presence::Ready) clearEntries(w);
    showSelectedPin(w);
    // Rows appear and disappear with the card's state: the (fixed-size) window takes its new natural size.
    gtk_widget_queue_resize(w->window);
    // The entries were insensitive until now: the cursor goes to the first one once the card is there.
    if (!wasReady && w->snapshot.presence == Presence::Ready) gtk_widget_grab_focus(firstEntry(w));
}

gboolean onCloseRequest(GtkWindow*, gpointer data) {
    auto* w = static_cast<PinChangeWindow*>(data);
    clearEntries(w);
    w->closed = true;
    w->watcher.reset();  // joins the worker: no report comes after this
    return FALSE;
}

}  // namespace

void onEntryChanged(PinChangeWindow* w) {
    updateRules(w, w->selected());
    updateButton(w);
}

// Everything that depends on the chosen PIN: tries, the form, the rules, the advice for a blocked PIN.
void showSelectedPin(PinChangeWindow* w) {
    const PinChoice* pin = w->selected();
    const bool ready = pin != nullptr;
    gtk_widget_set_sensitive(w->pinChoice, ready && !w->busy);
    gtk_label_set_text(GTK_LABEL(w->tries), ready ? triesText(*pin).c_str() : "");
    if (ready && pin->blocked) {
        gtk_widget_add_css_class(w->tries, "error");
        // A PIN found blocked: the way out (the PUK form, or the issuer) right away.
        setResult(w, blockedAdviceText(*pin), false);
        w->blockedAdvice = true;
    } else {
        gtk_widget_remove_css_class(w->tries, "error");
        if (w->blockedAdvice) gtk_label_set_text(GTK_LABEL(w->result), "");
        w->blockedAdvice = false;
    }
    showForm(w, pin);
    const bool unblock = unblocking(w, pin);
    if (static_cast<int>(unblock) != w->reportedUnblock) w->report.unblockMode(unblock);
    w->reportedUnblock = unblock;
    if (ready) w->report.selected(*pin);
    if (unblock) w->report.selectedPuk(*pin->puk);
    updateRules(w, pin);
    updateButton(w);
}

void onUnblockToggled(PinChangeWindow* w) {
    const bool on = gtk_check_button_get_active(GTK_CHECK_BUTTON(w->unblockToggle));
    const PinChoice* pin = w->selected();
    if (pin != nullptr && pin->blocked) return;  // the PUK form stays: nothing else works for a blocked PIN
    if (on == w->unblockMode) return;
    w->unblockMode = on;
    clearEntries(w);
    gtk_label_set_text(GTK_LABEL(w->result), "");
    showSelectedPin(w);
    gtk_widget_grab_focus(firstEntry(w));
}

void startAction(PinChangeWindow* w) {
    if (!actionAllowed(w)) {
        gtk_widget_error_bell(w->window);
        return;
    }
    const PinChoice* pin = w->selected();
    w->busy = true;
    w->report.busy();
    std::string waiting;
    if (unblocking(w, pin)) {
        const bool onPad = pin->puk->onPinPad;
        waiting = onPad ? tr("Type the PUK on the reader's keypad now.") : tr("Unblocking the PIN…");
        // From GTK's secure buffers straight into the project's; then the entries forget them.
        w->watcher->requestUnblock(pin->authId,
                                   onPad ? SecureBuffer() : SecureBuffer::copyOf(entryText(w->puk)),
                                   SecureBuffer::copyOf(entryText(w->fresh)), onPad);
        clearEntries(w);
    } else if (pin->onPinPad) {
        waiting = tr("Type the PINs on the reader's keypad now.");
        w->watcher->requestChangeOnPinPad(pin->authId);
    } else {
        waiting = tr("Changing the PIN…");
        w->watcher->requestChange(pin->authId, SecureBuffer::copyOf(entryText(w->current)),
                                  SecureBuffer::copyOf(entryText(w->fresh)));
        clearEntries(w);
    }
    showSelectedPin(w);
    gtk_label_set_text(GTK_LABEL(w->result), waiting.c_str());
    gtk_widget_remove_css_class(w->result, "error");
    gtk_widget_remove_css_class(w->result, "ias-success");
    w->blockedAdvice = true;  // the next state of the PIN replaces the waiting line
}

void showAbout(PinChangeWindow* w) {
    pinui::dialog::AboutFacts facts;
    facts.program = "ias-pin-change";
    facts.title = tr("Change a card PIN");
    facts.version = IAS_PIN_CHANGE_VERSION;
    facts.purpose = tr("Change a PIN of your IAS-ECC smart card, or unblock it with the PUK.");
    facts.documentation = "ias-pin-change.md";
    pinui::dialog::showAboutWindow(GTK_WINDOW(w->window), facts);
}

PinChangeWindow* presentPinChangeWindow(GtkApplication* app, const WindowOptions& options) {
    auto* w = new PinChangeWindow;
    w->options = options;
    w->report = StatusReport(options.statusFd);
    buildWindow(w, app);
    g_signal_connect(w->window, "close-request", G_CALLBACK(onCloseRequest), w);
    showSnapshot(w, CardSnapshot{});
    w->watcher = std::make_unique<CardWatcher>(
        options.reader, [w](const CardSnapshot& s) { post<CardSnapshot>(w, s, showSnapshot); },
        [w](const ChangeOutcome& o) { post<ChangeOutcome>(w, o, showOutcome); });
    gtk_window_present(GTK_WINDOW(w->window));
    gtk_widget_grab_focus(w->current);
    return w;
}

void deletePinChangeWindow(PinChangeWindow* window) {
    if (window == nullptr) return;
    window->closed = true;
    window->watcher.reset();
    delete window;
}

}  // namespace ias::pinchange
