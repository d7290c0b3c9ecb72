#include "PinChangeWindow.h"

#include <memory>

#include "CardWatcher.h"
#include "PasswordEntry.h"
#include "StatusReport.h"
#include "Texts.h"
#include "ias/pinui/PinRequest.h"

namespace ias::pinchange {

using pinui::dialog::clearEntry;
using pinui::dialog::entryText;

class PinChangeWindow {
public:
    WindowOptions options;
    StatusReport report;
    CardSnapshot snapshot;
    std::optional<ChangeOutcome> lastOutcome;
    Bytes lastOutcomePin;
    bool busy = false;
    bool closed = false;
    bool blockedAdvice = false;  // the result line says how to unblock the chosen PIN
    std::unique_ptr<CardWatcher> watcher;

    GtkWidget* window = nullptr;
    GtkWidget* state = nullptr;
    GtkWidget* pinChoice = nullptr;  // GtkDropDown over the PINs' labels
    GtkStringList* pinLabels = nullptr;
    GtkWidget* tries = nullptr;
    GtkWidget* fields = nullptr;  // the grid of the three entries and the rules
    GtkWidget* current = nullptr;
    GtkWidget* fresh = nullptr;
    GtkWidget* again = nullptr;
    GtkWidget* rules = nullptr;
    GtkWidget* padNotice = nullptr;
    GtkWidget* result = nullptr;
    GtkWidget* change = nullptr;

    const PinChoice* selected() const {
        if (snapshot.presence != Presence::Ready) return nullptr;
        const guint i = gtk_drop_down_get_selected(GTK_DROP_DOWN(pinChoice));
        return i < snapshot.pins.size() ? &snapshot.pins[i] : nullptr;
    }
};

namespace {

bool sameText(ByteView a, ByteView b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

pinui::PinRules rulesOf(const PinChoice& pin) {
    pinui::PinRules r;
    r.digitsOnly = pin.digitsOnly;
    r.minLength = pin.minLength;
    r.maxLength = pin.maxLength;
    return r;
}

void setMaxLength(GtkWidget* entry, std::size_t maxLength) {
    GtkEditable* text = gtk_editable_get_delegate(GTK_EDITABLE(entry));
    if (GTK_IS_TEXT(text)) gtk_text_set_max_length(GTK_TEXT(text), static_cast<int>(maxLength));
}

bool changeAllowed(PinChangeWindow* w) {
    const PinChoice* pin = w->selected();
    if (w->busy || pin == nullptr || pin->blocked) return false;
    if (pin->onPinPad) return true;
    const pinui::PinRules rules = rulesOf(*pin);
    const ByteView fresh = entryText(w->fresh);
    return rules.accepts(entryText(w->current)) && rules.accepts(fresh) &&
           sameText(fresh, entryText(w->again));
}

// The rules line, replaced by what is wrong with the new PIN once it is typed out.
void updateRules(PinChangeWindow* w, const PinChoice* pin) {
    std::string text = pin ? rulesText(*pin) : std::string();
    bool problem = false;
    if (pin != nullptr) {
        const ByteView fresh = entryText(w->fresh), again = entryText(w->again);
        if (!again.empty() && again.size() >= fresh.size() && !sameText(fresh, again)) {
            text = tr("The new PINs differ.");
            problem = true;
        }
    }
    gtk_label_set_text(GTK_LABEL(w->rules), text.c_str());
    gtk_widget_remove_css_class(w->rules, problem ? "dim-label" : "error");
    gtk_widget_add_css_class(w->rules, problem ? "error" : "dim-label");
}

void updateButton(PinChangeWindow* w) {
    const bool allowed = changeAllowed(w);
    if (allowed != static_cast<bool>(gtk_widget_get_sensitive(w->change))) w->report.changeEnabled(allowed);
    gtk_widget_set_sensitive(w->change, allowed);
}

void onEntryChanged(PinChangeWindow* w) {
    updateRules(w, w->selected());
    updateButton(w);
}

void clearEntries(PinChangeWindow* w) {
    for (GtkWidget* e : {w->current, w->fresh, w->again}) clearEntry(e);
}

// Everything that depends on the chosen PIN: tries, rules, entries or the PIN-pad notice.
void showSelectedPin(PinChangeWindow* w) {
    const PinChoice* pin = w->selected();
    const bool ready = pin != nullptr;
    gtk_widget_set_sensitive(w->pinChoice, ready && !w->busy);
    gtk_label_set_text(GTK_LABEL(w->tries), ready ? triesText(*pin).c_str() : "");
    if (ready && pin->blocked) {
        gtk_widget_add_css_class(w->tries, "error");
        // A PIN found blocked: the way out (the PUK) right away, not only after a change attempt.
        ChangeOutcome blocked;
        blocked.result = ChangeResult::Blocked;
        gtk_label_set_text(GTK_LABEL(w->result), outcomeText(blocked, pin).c_str());
        gtk_widget_remove_css_class(w->result, "ias-success");
        gtk_widget_add_css_class(w->result, "error");
        w->blockedAdvice = true;
    } else {
        gtk_widget_remove_css_class(w->tries, "error");
        if (w->blockedAdvice) gtk_label_set_text(GTK_LABEL(w->result), "");
        w->blockedAdvice = false;
    }
    const bool pad = ready && pin->onPinPad;
    gtk_widget_set_visible(w->fields, !pad);
    gtk_widget_set_visible(w->padNotice, pad);
    for (GtkWidget* e : {w->current, w->fresh, w->again}) {
        gtk_widget_set_sensitive(e, ready && !w->busy && !pin->blocked);
        if (ready) setMaxLength(e, pin->maxLength);
    }
    if (ready) w->report.selected(*pin);
    updateRules(w, pin);
    updateButton(w);
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
    // The entries were insensitive until now: the cursor goes to the current PIN once the card is there.
    if (!wasReady && w->snapshot.presence == Presence::Ready) gtk_widget_grab_focus(w->current);
}

void showOutcome(PinChangeWindow* w, ChangeOutcome outcome) {
    w->busy = false;
    w->report.outcome(outcome);
    w->blockedAdvice = false;
    const PinChoice* pin = w->selected();
    gtk_label_set_text(GTK_LABEL(w->result), outcomeText(outcome, pin).c_str());
    const bool good = outcome.result == ChangeResult::Changed;
    gtk_widget_remove_css_class(w->result, good ? "error" : "ias-success");
    gtk_widget_add_css_class(w->result, good ? "ias-success" : "error");
    showSelectedPin(w);
    gtk_widget_grab_focus(w->current);
}

void startChange(PinChangeWindow* w) {
    if (!changeAllowed(w)) {
        gtk_widget_error_bell(w->window);
        return;
    }
    const PinChoice* pin = w->selected();
    w->busy = true;
    w->report.busy();
    gtk_label_set_text(GTK_LABEL(w->result), pin->onPinPad
                                                 ? tr("Enter the PINs on the reader's keypad now.").c_str()
                                                 : tr("Changing the PIN…").c_str());
    gtk_widget_remove_css_class(w->result, "error");
    gtk_widget_remove_css_class(w->result, "ias-success");
    if (pin->onPinPad) {
        w->watcher->requestChangeOnPinPad(pin->authId);
    } else {
        // From GTK's secure buffers straight into the project's; then the entries forget them.
        w->watcher->requestChange(pin->authId, SecureBuffer::copyOf(entryText(w->current)),
                                  SecureBuffer::copyOf(entryText(w->fresh)));
        clearEntries(w);
    }
    showSelectedPin(w);
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

// The labels of both grids share one column width, so that all the fields line up.
GtkWidget* fieldLabel(const std::string& mnemonic, GtkWidget* target, GtkSizeGroup* column) {
    GtkWidget* label = gtk_label_new_with_mnemonic(mnemonic.c_str());
    gtk_size_group_add_widget(column, label);
    if (target != nullptr) gtk_label_set_mnemonic_widget(GTK_LABEL(label), target);
    gtk_label_set_xalign(GTK_LABEL(label), 1.0f);
    return label;
}

GtkWidget* wrappingLabel(const char* cssClass) {
    GtkWidget* label = gtk_label_new("");
    gtk_label_set_wrap(GTK_LABEL(label), TRUE);
    gtk_label_set_max_width_chars(GTK_LABEL(label), 48);
    gtk_label_set_width_chars(GTK_LABEL(label), 48);
    gtk_label_set_xalign(GTK_LABEL(label), 0.0f);
    if (cssClass != nullptr) gtk_widget_add_css_class(label, cssClass);
    return label;
}

void loadStyle() {
    GtkCssProvider* css = gtk_css_provider_new();
    gtk_css_provider_load_from_data(css, ".ias-success { color: #26a269; }", -1);
    gtk_style_context_add_provider_for_display(gdk_display_get_default(), GTK_STYLE_PROVIDER(css),
                                               GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref(css);
}

void build(PinChangeWindow* w, GtkApplication* app) {
    loadStyle();
    w->window = gtk_application_window_new(app);
    gtk_window_set_title(GTK_WINDOW(w->window), tr("Change PIN").c_str());
    gtk_window_set_resizable(GTK_WINDOW(w->window), FALSE);
    gtk_window_set_icon_name(GTK_WINDOW(w->window), "auth-smartcard");

    GtkWidget* content = gtk_box_new(GTK_ORIENTATION_VERTICAL, 14);
    for (auto margin : {gtk_widget_set_margin_top, gtk_widget_set_margin_bottom, gtk_widget_set_margin_start,
                        gtk_widget_set_margin_end})
        margin(content, 24);

    GtkWidget* header = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 18);
    GtkWidget* icon = gtk_image_new_from_icon_name("auth-smartcard-symbolic");
    gtk_image_set_pixel_size(GTK_IMAGE(icon), 48);
    gtk_widget_set_valign(icon, GTK_ALIGN_START);
    GtkWidget* texts = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget* heading = gtk_label_new(tr("Change a PIN of your card").c_str());
    gtk_widget_add_css_class(heading, "title-3");
    gtk_label_set_xalign(GTK_LABEL(heading), 0.0f);
    w->state = wrappingLabel(nullptr);
    gtk_box_append(GTK_BOX(texts), heading);
    gtk_box_append(GTK_BOX(texts), w->state);
    gtk_box_append(GTK_BOX(header), icon);
    gtk_box_append(GTK_BOX(header), texts);
    gtk_box_append(GTK_BOX(content), header);

    GtkSizeGroup* column = gtk_size_group_new(GTK_SIZE_GROUP_HORIZONTAL);
    GtkWidget* grid = gtk_grid_new();
    gtk_grid_set_column_spacing(GTK_GRID(grid), 12);
    gtk_grid_set_row_spacing(GTK_GRID(grid), 8);
    w->pinLabels = gtk_string_list_new(nullptr);
    w->pinChoice = gtk_drop_down_new(G_LIST_MODEL(w->pinLabels), nullptr);
    gtk_widget_set_hexpand(w->pinChoice, TRUE);
    w->tries = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(w->tries), 0.0f);
    gtk_grid_attach(GTK_GRID(grid), fieldLabel(tr("_PIN:"), w->pinChoice, column), 0, 0, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), w->pinChoice, 1, 0, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), fieldLabel(tr("Tries left:"), nullptr, column), 0, 1, 1, 1);
    gtk_grid_attach(GTK_GRID(grid), w->tries, 1, 1, 1, 1);
    gtk_box_append(GTK_BOX(content), grid);

    w->fields = gtk_grid_new();
    gtk_grid_set_column_spacing(GTK_GRID(w->fields), 12);
    gtk_grid_set_row_spacing(GTK_GRID(w->fields), 8);
    int row = 0;
    const std::pair<GtkWidget**, const char*> entries[] = {{&w->current, N_("C_urrent PIN:")},
                                                           {&w->fresh, N_("_New PIN:")},
                                                           {&w->again, N_("_Repeat new PIN:")}};
    for (const auto& [entry, mnemonic] : entries) {
        *entry = pinui::dialog::newPasswordEntry(pinui::kMaxPinLength, true);
        gtk_grid_attach(GTK_GRID(w->fields), fieldLabel(tr(mnemonic), *entry, column), 0, row, 1, 1);
        gtk_grid_attach(GTK_GRID(w->fields), *entry, 1, row++, 1, 1);
        g_signal_connect_swapped(*entry, "changed", G_CALLBACK(onEntryChanged), w);
        g_signal_connect_swapped(*entry, "activate", G_CALLBACK(startChange), w);
    }
    w->rules = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(w->rules), 0.0f);
    gtk_widget_add_css_class(w->rules, "dim-label");
    gtk_grid_attach(GTK_GRID(w->fields), w->rules, 1, row, 1, 1);
    gtk_box_append(GTK_BOX(content), w->fields);
    g_object_unref(column);  // the labels hold it

    w->padNotice = wrappingLabel(nullptr);
    gtk_label_set_text(
        GTK_LABEL(w->padNotice),
        tr("This reader has a keypad: after Change, enter the current PIN on the reader's keypad, "
           "then the new PIN twice.")
            .c_str());
    gtk_widget_set_visible(w->padNotice, FALSE);
    gtk_box_append(GTK_BOX(content), w->padNotice);

    w->result = wrappingLabel(nullptr);
    gtk_box_append(GTK_BOX(content), w->result);

    GtkWidget* buttons = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_set_halign(buttons, GTK_ALIGN_END);
    gtk_box_set_homogeneous(GTK_BOX(buttons), TRUE);
    GtkWidget* close = gtk_button_new_with_mnemonic(tr("_Close").c_str());
    w->change = gtk_button_new_with_mnemonic(tr("C_hange").c_str());
    gtk_widget_add_css_class(w->change, "suggested-action");
    gtk_widget_set_size_request(w->change, 96, -1);
    g_signal_connect_swapped(close, "clicked", G_CALLBACK(gtk_window_close), w->window);
    g_signal_connect_swapped(w->change, "clicked", G_CALLBACK(startChange), w);
    gtk_box_append(GTK_BOX(buttons), close);
    gtk_box_append(GTK_BOX(buttons), w->change);
    gtk_box_append(GTK_BOX(content), buttons);
    gtk_window_set_child(GTK_WINDOW(w->window), content);

    g_signal_connect_swapped(w->pinChoice, "notify::selected", G_CALLBACK(showSelectedPin), w);
}

gboolean onCloseRequest(GtkWindow*, gpointer data) {
    auto* w = static_cast<PinChangeWindow*>(data);
    clearEntries(w);
    w->closed = true;
    w->watcher.reset();  // joins the worker: no report comes after this
    return FALSE;
}

}  // namespace

PinChangeWindow* presentPinChangeWindow(GtkApplication* app, const WindowOptions& options) {
    auto* w = new PinChangeWindow;
    w->options = options;
    w->report = StatusReport(options.statusFd);
    build(w, app);
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
