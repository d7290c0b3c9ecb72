// The window's behaviour: pages from the card reader thread are shown on GTK's main loop; the card page is
// rebuilt from each one (a page is small). The actions: pick a reader, refresh, a certificate's details,
// export and copy (BrowserExports.cpp), the PIN flows (BrowserPinActions.cpp).
#include "BrowserWindowState.h"

#include <memory>
#include <vector>

#include "AboutWindow.h"
#include "AtrWords.h"
#include "Attention.h"
#include "CardReader.h"
#include "CardViewNames.h"
#include "CertificateDetails.h"
#include "CertificateSections.h"
#include "ChainCheck.h"
#include "KeysSection.h"
#include "StatusReport.h"
#include "Texts.h"
#include "ValueGrid.h"

namespace ias::browser {

namespace {

// The name a control is known by (its accessible label), kept for the focus line of --status-fd.
void nameControl(GtkWidget* w, const std::string& name) {
    gtk_accessible_update_property(GTK_ACCESSIBLE(w), GTK_ACCESSIBLE_PROPERTY_LABEL, name.c_str(), -1);
    g_object_set_data_full(G_OBJECT(w), "ias-name", g_strdup(name.c_str()), g_free);
}

GtkWidget* iconButton(const char* icon, const std::string& label, GCallback onClick, BrowserWindow* w) {
    GtkWidget* b = gtk_button_new_from_icon_name(icon);
    nameControl(b, label);
    gtk_widget_set_tooltip_text(b, label.c_str());
    g_signal_connect(b, "clicked", onClick, w);
    return b;
}

GtkWidget* textButton(const std::string& mnemonic, const std::string& accessible) {
    GtkWidget* b = gtk_button_new_with_mnemonic(mnemonic.c_str());
    nameControl(b, accessible);
    return b;
}

GtkWidget* wrapping(const std::string& text, const char* cssClass = nullptr) {
    GtkWidget* l = gtk_label_new(text.c_str());
    gtk_label_set_wrap(GTK_LABEL(l), TRUE);
    gtk_label_set_xalign(GTK_LABEL(l), 0.0F);
    gtk_label_set_selectable(GTK_LABEL(l), TRUE);
    if (cssClass != nullptr) gtk_widget_add_css_class(l, cssClass);
    gtk_accessible_update_property(GTK_ACCESSIBLE(l), GTK_ACCESSIBLE_PROPERTY_LABEL, text.c_str(), -1);
    return l;
}

void margins(GtkWidget* w, int m) {
    gtk_widget_set_margin_top(w, m);
    gtk_widget_set_margin_bottom(w, m);
    gtk_widget_set_margin_start(w, m);
    gtk_widget_set_margin_end(w, m);
}

void clearBox(GtkWidget* box) {
    while (GtkWidget* child = gtk_widget_get_first_child(box)) gtk_box_remove(GTK_BOX(box), child);
}

const char* presenceIcon(Presence p) {
    switch (p) {
        case Presence::NoService:
        case Presence::Unknown:
            return "dialog-warning-symbolic";
        case Presence::NoReader:
        case Presence::NoCard:
            return "media-removable-symbolic";
        default:
            return "content-loading-symbolic";
    }
}

// ias-pin-change beside this program (installed: both in bin/; build tree: tools/<program>/), else on PATH.
struct PagePost {
    BrowserWindow* window;
    CardPage page;
};

}  // namespace

BrowserWindow::BrowserWindow(GtkApplication* app, const WindowOptions& options)
    : options_(options), report_(options.statusFd, options.anchors) {
    window_ = gtk_application_window_new(app);
    gtk_window_set_title(GTK_WINDOW(window_), tr("Card browser").c_str());
    gtk_window_set_default_size(GTK_WINDOW(window_), 760, 720);

    GtkWidget* header = gtk_header_bar_new();
    readerNames_ = gtk_string_list_new(nullptr);
    readers_ = gtk_drop_down_new(G_LIST_MODEL(readerNames_), nullptr);
    nameControl(readers_, tr("Card reader"));
    gtk_widget_set_tooltip_text(readers_, tr("Card reader").c_str());
    gtk_widget_set_visible(readers_, FALSE);
    g_signal_connect(readers_, "notify::selected", G_CALLBACK(+[](GObject*, GParamSpec*, gpointer data) {
                         static_cast<BrowserWindow*>(data)->readerChosen();
                     }),
                     this);
    gtk_header_bar_pack_start(GTK_HEADER_BAR(header), readers_);
    gtk_header_bar_pack_end(
        GTK_HEADER_BAR(header),
        iconButton("help-about-symbolic", tr("About"),
                   G_CALLBACK(+[](GtkWidget*, gpointer d) { static_cast<BrowserWindow*>(d)->about(); }),
                   this));
    gtk_header_bar_pack_end(
        GTK_HEADER_BAR(header),
        iconButton("document-save-symbolic", tr("Save a report of the card (JSON)"),
                   G_CALLBACK(+[](GtkWidget*, gpointer d) { static_cast<BrowserWindow*>(d)->saveReport(); }),
                   this));
    gtk_header_bar_pack_end(GTK_HEADER_BAR(header),
                            iconButton("view-refresh-symbolic", tr("Read the card again"),
                                       G_CALLBACK(+[](GtkWidget*, gpointer d) {
                                           static_cast<BrowserWindow*>(d)->reader_->refresh();
                                       }),
                                       this));
    gtk_window_set_titlebar(GTK_WINDOW(window_), header);

    stack_ = gtk_stack_new();
    GtkWidget* status = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_set_valign(status, GTK_ALIGN_CENTER);
    margins(status, 36);
    statusIcon_ = gtk_image_new_from_icon_name("content-loading-symbolic");
    gtk_image_set_pixel_size(GTK_IMAGE(statusIcon_), 96);
    gtk_widget_add_css_class(statusIcon_, "dim-label");
    statusTitle_ = gtk_label_new("");
    gtk_widget_add_css_class(statusTitle_, "title-1");
    gtk_label_set_wrap(GTK_LABEL(statusTitle_), TRUE);
    gtk_label_set_justify(GTK_LABEL(statusTitle_), GTK_JUSTIFY_CENTER);
    statusAdvice_ = gtk_label_new("");
    gtk_label_set_wrap(GTK_LABEL(statusAdvice_), TRUE);
    gtk_label_set_justify(GTK_LABEL(statusAdvice_), GTK_JUSTIFY_CENTER);
    gtk_label_set_selectable(GTK_LABEL(statusAdvice_), TRUE);
    gtk_box_append(GTK_BOX(status), statusIcon_);
    gtk_box_append(GTK_BOX(status), statusTitle_);
    gtk_box_append(GTK_BOX(status), statusAdvice_);
    gtk_stack_add_named(GTK_STACK(stack_), status, "status");

    GtkWidget* scrolled = gtk_scrolled_window_new();
    gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    cardBox_ = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    margins(cardBox_, 18);
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scrolled), cardBox_);
    gtk_stack_add_named(GTK_STACK(stack_), scrolled, "card");
    cardScroll_ = scrolled;

    GtkWidget* outer = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
    gtk_widget_set_vexpand(stack_, TRUE);
    gtk_box_append(GTK_BOX(outer), stack_);
    toast_ = gtk_label_new("");
    gtk_label_set_wrap(GTK_LABEL(toast_), TRUE);
    margins(toast_, 6);
    gtk_widget_set_visible(toast_, FALSE);
    gtk_box_append(GTK_BOX(outer), toast_);
    gtk_window_set_child(GTK_WINDOW(window_), outer);

    // F5 reads the card again, F1 opens About (the header's buttons, from the keyboard).
    GtkEventController* keys = gtk_shortcut_controller_new();
    gtk_shortcut_controller_set_scope(GTK_SHORTCUT_CONTROLLER(keys), GTK_SHORTCUT_SCOPE_GLOBAL);
    gtk_shortcut_controller_add_shortcut(
        GTK_SHORTCUT_CONTROLLER(keys),
        gtk_shortcut_new(gtk_shortcut_trigger_parse_string("F5"),
                         gtk_callback_action_new(
                             +[](GtkWidget*, GVariant*, gpointer d) -> gboolean {
                                 static_cast<BrowserWindow*>(d)->reader_->refresh();
                                 return TRUE;
                             },
                             this, nullptr)));
    gtk_shortcut_controller_add_shortcut(
        GTK_SHORTCUT_CONTROLLER(keys),
        gtk_shortcut_new(gtk_shortcut_trigger_parse_string("F1"),
                         gtk_callback_action_new(
                             +[](GtkWidget*, GVariant*, gpointer d) -> gboolean {
                                 static_cast<BrowserWindow*>(d)->about();
                                 return TRUE;
                             },
                             this, nullptr)));
    gtk_widget_add_controller(window_, keys);
    // Tests walk the window with Tab as a keyboard user does and read where the focus is.
    g_signal_connect(
        window_, "notify::focus-widget", G_CALLBACK(+[](GObject* window, GParamSpec*, gpointer d) {
            GtkWidget* focus = gtk_window_get_focus(GTK_WINDOW(window));
            if (focus == nullptr) return;
            std::string name;
            for (GtkWidget* w = focus; w != nullptr && name.empty(); w = gtk_widget_get_parent(w))
                if (const char* n = static_cast<const char*>(g_object_get_data(G_OBJECT(w), "ias-name")))
                    name = n;
            if (name.empty() && GTK_IS_LABEL(focus)) name = gtk_label_get_text(GTK_LABEL(focus));
            for (char& c : name)
                if (c == '\n') c = ' ';  // one line per report
            static_cast<BrowserWindow*>(d)->report_.line("focus " + name);
        }),
        this);

    page_.presence = Presence::Starting;
    showStatus();
    gtk_window_present(GTK_WINDOW(window_));
    reader_ = std::make_unique<CardReader>(options_.reader, [this](const CardPage& page) {
        g_idle_add_once(
            +[](gpointer data) {
                std::unique_ptr<PagePost> post(static_cast<PagePost*>(data));
                post->window->show(std::move(post->page));
            },
            new PagePost{this, page});
    });
}

void BrowserWindow::show(CardPage page) {
    page_ = std::move(page);
    // The reader list: shown when there is a choice.
    fillingReaders_ = true;
    const guint count = g_list_model_get_n_items(G_LIST_MODEL(readerNames_));
    std::vector<const char*> names;
    for (const ReaderEntry& r : page_.readers) names.push_back(r.name.c_str());
    names.push_back(nullptr);
    gtk_string_list_splice(readerNames_, 0, count, names.data());
    for (std::size_t i = 0; i < page_.readers.size(); ++i)
        if (page_.readers[i].name == page_.reader)
            gtk_drop_down_set_selected(GTK_DROP_DOWN(readers_), static_cast<guint>(i));
    gtk_widget_set_visible(readers_, page_.readers.size() > 1);
    fillingReaders_ = false;

    if (page_.presence == Presence::Ready) {
        showCard();
    } else {
        showStatus();
    }
    report_.page(page_);
}

void BrowserWindow::showStatus() {
    gtk_label_set_text(GTK_LABEL(statusTitle_), presenceTitle(page_.presence).c_str());
    std::string advice = presenceAdvice(page_);
    if (page_.presence == Presence::Unknown && !page_.unknownWhy.empty())
        advice += "\n" + formatText(tr("Details: %s"), page_.unknownWhy);
    gtk_label_set_text(GTK_LABEL(statusAdvice_), advice.c_str());
    gtk_image_set_from_icon_name(GTK_IMAGE(statusIcon_), presenceIcon(page_.presence));
    const std::string accessible = presenceTitle(page_.presence) + ". " + advice;
    gtk_accessible_update_property(GTK_ACCESSIBLE(statusAdvice_), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   accessible.c_str(), -1);
    gtk_stack_set_visible_child_name(GTK_STACK(stack_), "status");
}

void BrowserWindow::showCard() {
    clearBox(cardBox_);
    const api::CardIdentity& id = *page_.identity;
    const api::Application& app = *page_.application;

    // What needs attention first.
    GtkWidget* attention = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
    const std::vector<AttentionItem> items = attentionItems(page_);
    for (const AttentionItem& item : items) {
        GtkWidget* row = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
        const bool severe = item.kind == AttentionItem::Kind::PinBlocked ||
                            item.kind == AttentionItem::Kind::PukBlocked ||
                            item.kind == AttentionItem::Kind::CertificateExpired;
        GtkWidget* text = wrapping(attentionText(item), severe ? "error" : "warning");
        gtk_widget_set_hexpand(text, TRUE);
        gtk_box_append(GTK_BOX(row), text);
        if (item.kind == AttentionItem::Kind::PinBlocked) {
            GtkWidget* b = textButton(tr("_Unblock with the PUK…"),
                                      formatText(tr("Unblock the PIN \"%s\" with the PUK"), item.label));
            g_object_set_data_full(G_OBJECT(b), "auth-id", g_strdup(toHex(item.id).c_str()), g_free);
            g_signal_connect(b, "clicked", G_CALLBACK(+[](GtkWidget* button, gpointer d) {
                                 const char* hex =
                                     static_cast<const char*>(g_object_get_data(G_OBJECT(button), "auth-id"));
                                 static_cast<BrowserWindow*>(d)->unblock(fromHex(hex));
                             }),
                             this);
            gtk_widget_add_css_class(b, "suggested-action");
            gtk_box_append(GTK_BOX(row), b);
        }
        gtk_box_append(GTK_BOX(attention), row);
    }
    if (items.empty()) {
        // A sentence, not a value: not selectable, so the first focus does not select it.
        GtkWidget* none = wrapping(attentionNoneText(), "success");
        gtk_label_set_selectable(GTK_LABEL(none), FALSE);
        gtk_box_append(GTK_BOX(attention), none);
    }
    addSection(cardBox_, tr("Needs your attention first"), attention);

    // The card.
    GtkWidget* card = valueGrid();
    addValueRow(card, tr("Card reader"), page_.reader);
    std::string atr = toHex(page_.atr);
    for (const std::string& line : atrLines(decodeAtr(page_.atr))) atr += "\n" + line;
    addValueRow(card, tr("ATR"), atr);
    addValueRow(card, tr("Serial number"), toHex(id.serial));
    std::string application = app.label.empty() ? app.tokenInfo.label : app.label;
    application += (application.empty() ? "" : " ") + std::string("(AID ") + toHex(app.aid) + ")";
    addValueRow(card, tr("Application"), application);
    const std::string chip = chipText(id);
    if (!chip.empty()) addValueRow(card, tr("Chip"), chip);
    addValueRow(card, tr("Buffer sizes"), buffersText(id.buffers));
    addSection(cardBox_, tr("Card"), card);

    // PINs and the PUK, each with its counter.
    GtkWidget* pins = valueGrid();
    for (const PinView& pin : page_.pins) {
        const std::string name = pin.info.label + " (" + roleText(pin.info.role) + ")";
        GtkWidget* value = addValueRow(pins, name, pinStateText(pin));
        if (pin.info.role != api::PinRole::Unblocking) {
            // Test and change: each a flow of its own program (PinActions.h); the PUK is the unblock's.
            int row = 0;
            gtk_grid_query_child(GTK_GRID(pins), value, nullptr, &row, nullptr, nullptr);
            GtkWidget* actions = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
            GtkWidget* test = textButton(tr("_Test…"), formatText(tr("Test the PIN \"%s\""), pin.info.label));
            GtkWidget* change =
                textButton(tr("C_hange…"), formatText(tr("Change the PIN \"%s\""), pin.info.label));
            for (GtkWidget* b : {test, change}) {
                g_object_set_data_full(G_OBJECT(b), "auth-id", g_strdup(toHex(pin.info.authId).c_str()),
                                       g_free);
                g_object_set_data_full(G_OBJECT(b), "label", g_strdup(pin.info.label.c_str()), g_free);
                gtk_box_append(GTK_BOX(actions), b);
            }
            g_signal_connect(
                test, "clicked", G_CALLBACK(+[](GtkWidget* b, gpointer d) {
                    static_cast<BrowserWindow*>(d)->testPin(
                        fromHex(static_cast<const char*>(g_object_get_data(G_OBJECT(b), "auth-id"))),
                        static_cast<const char*>(g_object_get_data(G_OBJECT(b), "label")));
                }),
                this);
            g_signal_connect(change, "clicked", G_CALLBACK(+[](GtkWidget* b, gpointer d) {
                                 static_cast<BrowserWindow*>(d)->changePin(fromHex(
                                     static_cast<const char*>(g_object_get_data(G_OBJECT(b), "auth-id"))));
                             }),
                             this);
            gtk_grid_attach(GTK_GRID(pins), actions, 2, row, 1, 1);
        }
        if (pin.status && pin.status->blocked)
            gtk_widget_add_css_class(value, "error");
        else if (pin.status && pin.status->triesLeft == 1)
            gtk_widget_add_css_class(value, "warning");
    }
    addSection(cardBox_, tr("PINs"), pins);
    addSection(cardBox_, tr("Keys"), keysSection(app));

    // Certificates: validity, then the actions.
    GtkWidget* certificates = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
    for (std::size_t i = 0; i < page_.certificates.size(); ++i) {
        const CertificateView& c = page_.certificates[i];
        GtkWidget* grid = valueGrid();
        const std::string name =
            c.info.label + (c.info.authority ? " (" + tr("certification authority") + ")" : "");
        GtkWidget* title = addValueRow(grid, tr("Certificate"), name);
        gtk_widget_add_css_class(title, "heading");
        if (c.facts) {
            addValueRow(grid, tr("Subject"), c.facts->subject);
            addValueRow(grid, tr("Issuer"), c.facts->issuer);
        }
        GtkWidget* validity =
            addValueRow(grid, tr("Validity"), c.error.empty() ? certificateStateText(c) : c.error);
        const CertificateState state = certificateState(c);
        gtk_widget_add_css_class(validity, state == CertificateState::Valid          ? "success"
                                           : state == CertificateState::ExpiringSoon ? "warning"
                                                                                     : "error");
        if (!c.der.empty()) addChainRows(grid, c);
        addValueRow(grid, tr("Revocation"), revocationText());
        GtkWidget* actions = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
        const struct {
            const char* mnemonic;
            const char* accessible;
            void (*act)(BrowserWindow*, std::size_t);
        } buttons[] = {
            {N_("_Details"), N_("Details of the certificate \"%s\""),
             +[](BrowserWindow* w, std::size_t n) {
                 const CertificateView& c = w->page_.certificates[n];
                 w->report_.line("details " + toHex(c.info.id));
                 for (const CertificateField& f : certificateSections(c.der)) {
                     std::string value = f.value;
                     for (char& ch : value)
                         if (ch == '\n') ch = ';';
                     w->report_.line("detail " + toHex(c.info.id) + " " + f.key + "=" + value);
                 }
                 showCertificateDetails(GTK_WINDOW(w->window_), w->page_.certificates[n]);
             }},
            {N_("_Export…"), N_("Export the certificate \"%s\" to a file"),
             +[](BrowserWindow* w, std::size_t n) { w->exportCertificate(n); }},
            {N_("C_hain…"), N_("Export the chain of the certificate \"%s\" (PEM)"),
             +[](BrowserWindow* w, std::size_t n) { w->exportChain(n); }},
            {N_("_Public key…"), N_("Export the public key of the certificate \"%s\" (OpenSSH or PEM)"),
             +[](BrowserWindow* w, std::size_t n) { w->exportPublicKey(n); }},
            {N_("C_opy"), N_("Copy the certificate \"%s\" (PEM)"),
             +[](BrowserWindow* w, std::size_t n) { w->copyCertificate(n); }},
        };
        for (const auto& spec : buttons) {
            GtkWidget* b = textButton(tr(spec.mnemonic), formatText(tr(spec.accessible), c.info.label));
            gtk_widget_set_sensitive(b, !c.der.empty());
            g_object_set_data(G_OBJECT(b), "index", GSIZE_TO_POINTER(i));
            g_object_set_data(G_OBJECT(b), "act", reinterpret_cast<gpointer>(spec.act));
            g_signal_connect(b, "clicked", G_CALLBACK(+[](GtkWidget* button, gpointer d) {
                                 const auto n =
                                     GPOINTER_TO_SIZE(g_object_get_data(G_OBJECT(button), "index"));
                                 auto act = reinterpret_cast<void (*)(BrowserWindow*, std::size_t)>(
                                     g_object_get_data(G_OBJECT(button), "act"));
                                 act(static_cast<BrowserWindow*>(d), n);
                             }),
                             this);
            gtk_box_append(GTK_BOX(actions), b);
        }
        gtk_grid_attach(GTK_GRID(grid), actions, 1, 100, 1, 1);
        GtkWidget* frame = gtk_frame_new(nullptr);
        margins(grid, 12);
        gtk_frame_set_child(GTK_FRAME(frame), grid);
        gtk_box_append(GTK_BOX(certificates), frame);
    }
    addSection(cardBox_, tr("Certificates"), certificates);
    gtk_stack_set_visible_child_name(GTK_STACK(stack_), "card");
    // The rebuilt page starts at its top, with no value selected: the focus does not fall on the first
    // selectable label left where the old page's focus was.
    gtk_window_set_focus(GTK_WINDOW(window_), nullptr);
    gtk_adjustment_set_value(gtk_scrolled_window_get_vadjustment(GTK_SCROLLED_WINDOW(cardScroll_)), 0);
}

// The chain as the card holds it, and whether it leads to one of the trust anchors (offline).
void BrowserWindow::addChainRows(GtkWidget* grid, const CertificateView& c) {
    ChainView chain;
    try {
        chain = checkChain(c.der, authorities(page_), options_.anchors);
    } catch (const std::exception&) {
        return;
    }
    std::string names;
    for (const std::string& n : chain.names) names += (names.empty() ? "" : "\n← ") + n;
    addValueRow(grid, tr("Chain"), names);
    GtkWidget* trust = addValueRow(grid, tr("Trust"), chainTrustText(chain));
    gtk_widget_add_css_class(trust, chain.trust == ChainTrust::Trusted ? "success" : "warning");
}

void BrowserWindow::readerChosen() {
    if (fillingReaders_) return;
    const guint selected = gtk_drop_down_get_selected(GTK_DROP_DOWN(readers_));
    if (const char* name = gtk_string_list_get_string(readerNames_, selected)) reader_->chooseReader(name);
}

void BrowserWindow::copyCertificate(std::size_t index) {
    const CertificateView& c = page_.certificates.at(index);
    gdk_clipboard_set_text(gtk_widget_get_clipboard(window_), pemText(c.der).c_str());
    gtk_label_set_text(GTK_LABEL(toast_),
                       formatText(tr("Certificate \"%s\" copied (PEM)."), c.info.label).c_str());
    gtk_widget_set_visible(toast_, TRUE);
    report_.line("copied " + toHex(c.info.id));
}

void BrowserWindow::say(const std::string& text) {
    gtk_label_set_text(GTK_LABEL(toast_), text.c_str());
    gtk_widget_set_visible(toast_, TRUE);
}

void BrowserWindow::about() {
    pinui::dialog::AboutFacts facts;
    facts.program = "ias-browser";
    facts.title = tr("Card browser");
    facts.version = IAS_BROWSER_VERSION;
    facts.purpose =
        tr("Shows what your IAS-ECC smart card holds: its PINs with their tries left and its "
           "certificates with their validity.");
    facts.documentation = "ias-browser.md";
    pinui::dialog::showAboutWindow(GTK_WINDOW(window_), facts);
}

BrowserWindow* presentBrowserWindow(GtkApplication* app, const WindowOptions& options) {
    return new BrowserWindow(app, options);
}

void deleteBrowserWindow(BrowserWindow* window) {
    if (window == nullptr) return;
    window->reader_.reset();  // joins the worker: no page is posted after this
    delete window;
}

}  // namespace ias::browser
