// The window's behaviour. Every action runs one of ias-sign's commands on the FlowRunner's worker; the
// buttons wait (insensitive) until its outcome comes back on GTK's main loop, then the tree is rebuilt from
// the file as read again. The PIN is never typed here: the commands ask it in the desktop's PIN dialog.
#include "SignWindow.h"

#include <memory>
#include <vector>

#include "AboutWindow.h"
#include "FlowRunner.h"
#include "SignerRow.h"
#include "StatusLines.h"
#include "Texts.h"

namespace ias::signgtk {

class SignWindow {
public:
    SignWindow(GtkApplication* app, const WindowOptions& options);
    void open(const std::string& path, const std::string& signature = {});
    void start(Action action);
    void finished(FlowOutcome outcome);
    void showTree();
    void updateButtons();
    void chooseFile();
    void about();
    void say(const std::string& text, const char* cssClass);

    WindowOptions options_;
    diaggtk::StatusLines report_;
    FlowRunner runner_;
    SignedDocument files_;
    std::vector<sign::SignerVerdict> verdicts_;
    std::string selected_;  // the path of the selected signature; empty: none
    GtkWidget* window_ = nullptr;
    GtkWidget* documentLabel_ = nullptr;
    GtkWidget* signatureLabel_ = nullptr;
    GtkWidget* stack_ = nullptr;
    GtkWidget* emptyText_ = nullptr;
    GtkWidget* list_ = nullptr;
    GtkWidget* keyChoice_ = nullptr;
    GtkWidget* message_ = nullptr;
    GtkWidget* spinner_ = nullptr;
    GtkWidget *open_ = nullptr, *sign_ = nullptr, *cosign_ = nullptr, *countersign_ = nullptr,
              *verify_ = nullptr;
};

namespace {

// The name a control is known by (its accessible label), kept for the focus line of --status-fd.
void nameControl(GtkWidget* w, const std::string& name) {
    gtk_accessible_update_property(GTK_ACCESSIBLE(w), GTK_ACCESSIBLE_PROPERTY_LABEL, name.c_str(), -1);
    g_object_set_data_full(G_OBJECT(w), "ias-name", g_strdup(name.c_str()), g_free);
}

using Handler = void (*)(SignWindow*);

GtkWidget* button(const std::string& mnemonic, const std::string& accessible, Handler onClick,
                  SignWindow* w) {
    GtkWidget* b = gtk_button_new_with_mnemonic(mnemonic.c_str());
    nameControl(b, accessible);
    gtk_widget_set_tooltip_text(b, accessible.c_str());
    g_object_set_data(G_OBJECT(b), "ias-handler", reinterpret_cast<gpointer>(onClick));
    g_signal_connect(b, "clicked", G_CALLBACK(+[](GtkWidget* self, gpointer d) {
                         reinterpret_cast<Handler>(g_object_get_data(G_OBJECT(self), "ias-handler"))(
                             static_cast<SignWindow*>(d));
                     }),
                     w);
    return b;
}

void shortcut(GtkEventController* keys, const char* trigger, Handler act, SignWindow* w) {
    gtk_shortcut_controller_add_shortcut(
        GTK_SHORTCUT_CONTROLLER(keys),
        gtk_shortcut_new(gtk_shortcut_trigger_parse_string(trigger),
                         gtk_callback_action_new(
                             +[](GtkWidget*, GVariant*, gpointer d) -> gboolean {
                                 auto* pair = static_cast<std::pair<Handler, SignWindow*>*>(d);
                                 pair->first(pair->second);
                                 return TRUE;
                             },
                             new std::pair<Handler, SignWindow*>(act, w),
                             +[](gpointer d) { delete static_cast<std::pair<Handler, SignWindow*>*>(d); })));
}

// A status line's quoted value: one line, no quote inside.
std::string quoted(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '"') c = ' ';
    return "\"" + text + "\"";
}

}  // namespace

SignWindow::SignWindow(GtkApplication* app, const WindowOptions& options)
    : options_(options), report_(options.statusFd) {
    window_ = gtk_application_window_new(app);
    // The chosen signature in the theme's selection colour, light enough that the verdicts' colours stay
    // readable on it (light, dark and high-contrast themes all define the two names).
    GtkCssProvider* css = gtk_css_provider_new();
    gtk_css_provider_load_from_data(
        css,
        "row.chosen { background-color: alpha(@theme_selected_bg_color, 0.22); }"
        " .chosen-mark { font-weight: bold; }"
        " list.signatures > row { border-bottom: 1px solid @borders; }"
        " image.verified { color: #26a269; } image.refused { color: @error_color; }",
        -1);
    gtk_style_context_add_provider_for_display(gdk_display_get_default(), GTK_STYLE_PROVIDER(css),
                                               GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref(css);
    gtk_window_set_title(GTK_WINDOW(window_), tr("Sign documents").c_str());
    gtk_window_set_default_size(GTK_WINDOW(window_), 860, 720);

    GtkWidget* header = gtk_header_bar_new();
    open_ = button(
        tr("_Open…"), tr("Open a document"), +[](SignWindow* w) { w->chooseFile(); }, this);
    gtk_header_bar_pack_start(GTK_HEADER_BAR(header), open_);
    GtkWidget* about = gtk_button_new_from_icon_name("help-about-symbolic");
    nameControl(about, tr("About"));
    gtk_widget_set_tooltip_text(about, tr("About").c_str());
    g_signal_connect(about, "clicked",
                     G_CALLBACK(+[](GtkWidget*, gpointer d) { static_cast<SignWindow*>(d)->about(); }), this);
    gtk_header_bar_pack_end(GTK_HEADER_BAR(header), about);
    gtk_window_set_titlebar(GTK_WINDOW(window_), header);

    GtkWidget* outer = gtk_box_new(GTK_ORIENTATION_VERTICAL, 8);
    gtk_widget_set_margin_top(outer, 12);
    gtk_widget_set_margin_bottom(outer, 12);
    gtk_widget_set_margin_start(outer, 12);
    gtk_widget_set_margin_end(outer, 12);
    for (GtkWidget** label : {&documentLabel_, &signatureLabel_}) {
        *label = gtk_label_new("");
        gtk_label_set_xalign(GTK_LABEL(*label), 0.0F);
        gtk_label_set_wrap(GTK_LABEL(*label), TRUE);
        gtk_label_set_wrap_mode(GTK_LABEL(*label), PANGO_WRAP_WORD_CHAR);
        gtk_box_append(GTK_BOX(outer), *label);
    }
    gtk_widget_add_css_class(documentLabel_, "heading");

    stack_ = gtk_stack_new();
    gtk_widget_set_vexpand(stack_, TRUE);
    emptyText_ = gtk_label_new("");
    gtk_label_set_wrap(GTK_LABEL(emptyText_), TRUE);
    gtk_label_set_justify(GTK_LABEL(emptyText_), GTK_JUSTIFY_CENTER);
    gtk_widget_add_css_class(emptyText_, "title-3");
    gtk_stack_add_named(GTK_STACK(stack_), emptyText_, "empty");
    list_ = gtk_list_box_new();
    gtk_list_box_set_selection_mode(GTK_LIST_BOX(list_), GTK_SELECTION_NONE);
    gtk_widget_add_css_class(list_, "signatures");
    nameControl(list_, tr("Signatures"));
    // The signature to counter-sign is chosen by activating its row (Return, Space, a click), not by where
    // the focus is: GtkListBox moves a selection with the focus, and Tab to the button would change it.
    gtk_list_box_set_activate_on_single_click(GTK_LIST_BOX(list_), TRUE);
    g_signal_connect(list_, "row-activated", G_CALLBACK(+[](GtkListBox*, GtkListBoxRow* row, gpointer d) {
                         auto* w = static_cast<SignWindow*>(d);
                         w->selected_ =
                             static_cast<const char*>(g_object_get_data(G_OBJECT(row), "ias-path"));
                         for (GtkWidget* r = gtk_widget_get_first_child(w->list_); r != nullptr;
                              r = gtk_widget_get_next_sibling(r))
                             markChosen(r, GTK_WIDGET(row) == r);
                         w->report_.line("selected " + w->selected_);
                         w->updateButtons();
                     }),
                     this);
    GtkWidget* scrolled = gtk_scrolled_window_new();
    gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scrolled), list_);
    gtk_stack_add_named(GTK_STACK(stack_), scrolled, "tree");
    gtk_box_append(GTK_BOX(outer), stack_);

    message_ = gtk_label_new("");
    gtk_label_set_wrap(GTK_LABEL(message_), TRUE);
    gtk_label_set_xalign(GTK_LABEL(message_), 0.0F);
    // Not selectable: a selectable label takes the focus on the way through the window and shows selected.
    gtk_widget_set_visible(message_, FALSE);
    gtk_box_append(GTK_BOX(outer), message_);

    GtkWidget* actions = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 6);
    const char* keys[] = {nullptr, nullptr, nullptr};
    const std::string qualified = tr("Qualified signature key"), authentication = tr("Authentication key");
    keys[0] = qualified.c_str();
    keys[1] = authentication.c_str();
    keyChoice_ = gtk_drop_down_new_from_strings(keys);
    nameControl(keyChoice_, tr("Key to sign with"));
    gtk_widget_set_tooltip_text(keyChoice_, tr("Key to sign with").c_str());
    g_signal_connect(keyChoice_, "notify::selected",
                     G_CALLBACK(+[](GObject* choice, GParamSpec*, gpointer d) {
                         const bool auth = gtk_drop_down_get_selected(GTK_DROP_DOWN(choice)) == 1;
                         static_cast<SignWindow*>(d)->report_.line(auth ? "key auth" : "key qualified");
                     }),
                     this);
    gtk_box_append(GTK_BOX(actions), keyChoice_);
    spinner_ = gtk_spinner_new();
    gtk_widget_set_hexpand(spinner_, TRUE);
    gtk_widget_set_halign(spinner_, GTK_ALIGN_START);
    gtk_box_append(GTK_BOX(actions), spinner_);
    verify_ = button(
        tr("_Verify again"), tr("Verify the signatures again"),
        +[](SignWindow* w) { w->start(Action::Verify); }, this);
    countersign_ = button(
        tr("Co_unter-sign"), tr("Counter-sign the selected signature"),
        +[](SignWindow* w) { w->start(Action::Countersign); }, this);
    cosign_ = button(
        tr("_Co-sign"), tr("Co-sign: add your signature beside the others"),
        +[](SignWindow* w) { w->start(Action::Cosign); }, this);
    sign_ = button(
        tr("_Sign"), tr("Sign the document"), +[](SignWindow* w) { w->start(Action::Sign); }, this);
    gtk_widget_add_css_class(sign_, "suggested-action");
    for (GtkWidget* b : {verify_, countersign_, cosign_, sign_}) gtk_box_append(GTK_BOX(actions), b);
    gtk_box_append(GTK_BOX(outer), actions);
    gtk_window_set_child(GTK_WINDOW(window_), outer);

    // F1 About, Ctrl+O Open, F5 Verify again: the header's and the bar's buttons from the keyboard.
    GtkEventController* shortcuts = gtk_shortcut_controller_new();
    gtk_shortcut_controller_set_scope(GTK_SHORTCUT_CONTROLLER(shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
    shortcut(
        shortcuts, "F1", +[](SignWindow* w) { w->about(); }, this);
    shortcut(
        shortcuts, "<Control>o", +[](SignWindow* w) { w->chooseFile(); }, this);
    shortcut(
        shortcuts, "F5",
        +[](SignWindow* w) {
            if (w->files_.signatureExists) w->start(Action::Verify);
        },
        this);
    gtk_widget_add_controller(window_, shortcuts);

    // A document dropped on the window is opened (a .p7s stands for its document).
    GtkDropTarget* drop = gtk_drop_target_new(G_TYPE_FILE, GDK_ACTION_COPY);
    g_signal_connect(
        drop, "drop",
        G_CALLBACK(+[](GtkDropTarget*, const GValue* value, double, double, gpointer d) -> gboolean {
            auto* file = static_cast<GFile*>(g_value_get_object(value));
            char* path = file != nullptr ? g_file_get_path(file) : nullptr;
            if (path == nullptr) return FALSE;
            static_cast<SignWindow*>(d)->open(path);
            g_free(path);
            return TRUE;
        }),
        this);
    gtk_widget_add_controller(window_, GTK_EVENT_CONTROLLER(drop));

    // Tests walk the window with Tab as a keyboard user does and read where the focus is.
    g_signal_connect(
        window_, "notify::focus-widget", G_CALLBACK(+[](GObject* window, GParamSpec*, gpointer d) {
            GtkWidget* focus = gtk_window_get_focus(GTK_WINDOW(window));
            std::string name;
            for (GtkWidget* w = focus; w != nullptr && name.empty(); w = gtk_widget_get_parent(w))
                if (const char* n = static_cast<const char*>(g_object_get_data(G_OBJECT(w), "ias-name")))
                    name = n;
            if (!name.empty()) static_cast<SignWindow*>(d)->report_.line("focus " + name);
        }),
        this);

    gtk_window_present(GTK_WINDOW(window_));
    if (options_.document.empty()) {
        gtk_label_set_text(GTK_LABEL(emptyText_), tr("Open a document, or drop it on this window.").c_str());
        updateButtons();
        report_.line("state empty");
    } else {
        open(options_.document, options_.signature);
    }
}

void SignWindow::open(const std::string& path, const std::string& signature) {
    if (runner_.busy()) return;
    files_ = SignedDocument::locate(path, signature);
    verdicts_.clear();
    selected_.clear();
    gtk_widget_set_visible(message_, FALSE);
    report_.line("document " + files_.document);
    start(Action::Verify);
}

void SignWindow::start(Action action) {
    if (runner_.busy() || files_.document.empty()) return;
    if (action == Action::Countersign && selected_.empty()) return;
    FlowSettings settings{options_.reader, options_.anchors,
                          gtk_drop_down_get_selected(GTK_DROP_DOWN(keyChoice_)) == 1 ? "auth" : "qualified"};
    report_.line(std::string("state busy ") + actionName(action) +
                 (action == Action::Verify ? "" : " key=" + settings.key));
    say(busyText(action), nullptr);
    gtk_spinner_start(GTK_SPINNER(spinner_));
    runner_.start([action, files = files_, settings,
                   signer = selected_] { return runFlow(action, files, settings, signer); },
                  [this](FlowOutcome outcome) { finished(std::move(outcome)); });
    updateButtons();
}

void SignWindow::finished(FlowOutcome outcome) {
    gtk_spinner_stop(GTK_SPINNER(spinner_));
    files_ = outcome.files;
    verdicts_ = std::move(outcome.verdicts);
    selected_.clear();
    const bool failed = outcome.error.code != tool::Exit::Ok;
    if (outcome.action != Action::Verify) {
        std::string line = std::string("action ") + actionName(outcome.action);
        if (!failed)
            line += " ok";
        else
            line += " failed " + std::to_string(static_cast<int>(outcome.error.code)) +
                    (outcome.error.triesLeft >= 0 ? " tries=" + std::to_string(outcome.error.triesLeft) : "");
        report_.line(line);
    }
    if (failed)
        say(errorText(outcome.error), "error");
    else if (outcome.readError.code != tool::Exit::Ok)
        say(errorText(outcome.readError), "error");
    else if (outcome.action != Action::Verify)
        say(doneText(outcome.action), "success");
    else
        gtk_widget_set_visible(message_, FALSE);
    showTree();
    if (outcome.readError.code != tool::Exit::Ok)
        report_.line("state error " + std::to_string(static_cast<int>(outcome.readError.code)));
    else
        report_.line(files_.signatureExists ? "state ready" : "state unsigned");
    updateButtons();
}

void SignWindow::showTree() {
    gtk_label_set_text(GTK_LABEL(documentLabel_), formatText(tr("Document: %s"), files_.document).c_str());
    gtk_label_set_text(GTK_LABEL(signatureLabel_),
                       files_.signatureExists
                           ? formatText(tr("Signature file: %s"), files_.signature).c_str()
                           : formatText(tr("No signature yet (it will be %s)."), files_.signature).c_str());
    report_.line("signature " + files_.signature + " exists=" + (files_.signatureExists ? "1" : "0"));
    while (GtkWidget* child = gtk_widget_get_first_child(list_))
        gtk_list_box_remove(GTK_LIST_BOX(list_), child);
    for (const sign::SignerVerdict& v : verdicts_) {
        gtk_list_box_append(GTK_LIST_BOX(list_), signerRow(v));
        report_.line("signer " + v.path + " depth=" + std::to_string(signerDepth(v)) + " serial=" + v.serial +
                     " verdict=" + (v.verified() ? "ok" : "refused") + " qualified=" +
                     (v.qualified ? "1" : "0") + " key=" + v.keyType + " subject=" + quoted(v.subject) +
                     " reason=" + quoted(v.problems.empty() ? "" : v.problems.front()));
    }
    report_.line("tree end");
    if (verdicts_.empty()) {
        gtk_label_set_text(GTK_LABEL(emptyText_),
                           files_.signatureExists
                               ? tr("The signature file could not be read.").c_str()
                               : tr("This document has no signature yet. Sign it.").c_str());
        gtk_stack_set_visible_child_name(GTK_STACK(stack_), "empty");
    } else {
        gtk_stack_set_visible_child_name(GTK_STACK(stack_), "tree");
    }
}

void SignWindow::updateButtons() {
    const bool idle = !runner_.busy();
    const bool document = !files_.document.empty();
    gtk_widget_set_sensitive(open_, idle);
    gtk_widget_set_sensitive(sign_, idle && document && !files_.signatureExists);
    gtk_widget_set_sensitive(cosign_, idle && files_.signatureExists);
    gtk_widget_set_sensitive(verify_, idle && files_.signatureExists);
    gtk_widget_set_sensitive(countersign_, idle && files_.signatureExists && !selected_.empty());
    gtk_widget_set_sensitive(keyChoice_, idle && document);
}

void SignWindow::say(const std::string& text, const char* cssClass) {
    gtk_label_set_text(GTK_LABEL(message_), text.c_str());
    for (const char* c : {"error", "success"}) gtk_widget_remove_css_class(message_, c);
    if (cssClass != nullptr) gtk_widget_add_css_class(message_, cssClass);
    gtk_accessible_update_property(GTK_ACCESSIBLE(message_), GTK_ACCESSIBLE_PROPERTY_LABEL, text.c_str(), -1);
    gtk_widget_set_visible(message_, TRUE);
}

void SignWindow::chooseFile() {
    if (runner_.busy()) return;
    GtkFileChooserNative* chooser =
        gtk_file_chooser_native_new(tr("Open a document").c_str(), GTK_WINDOW(window_),
                                    GTK_FILE_CHOOSER_ACTION_OPEN, tr("_Open").c_str(), tr("_Cancel").c_str());
    gtk_native_dialog_set_modal(GTK_NATIVE_DIALOG(chooser), TRUE);
    g_signal_connect(chooser, "response", G_CALLBACK(+[](GtkNativeDialog* dialog, int response, gpointer d) {
                         std::string path;
                         if (response == GTK_RESPONSE_ACCEPT)
                             if (GFile* file = gtk_file_chooser_get_file(GTK_FILE_CHOOSER(dialog))) {
                                 if (char* p = g_file_get_path(file)) {
                                     path = p;
                                     g_free(p);
                                 }
                                 g_object_unref(file);
                             }
                         gtk_native_dialog_destroy(dialog);
                         g_object_unref(dialog);
                         if (!path.empty()) static_cast<SignWindow*>(d)->open(path);
                     }),
                     this);
    gtk_native_dialog_show(GTK_NATIVE_DIALOG(chooser));
}

void SignWindow::about() {
    pinui::dialog::AboutFacts facts;
    facts.program = "ias-sign-gtk";
    facts.title = tr("Sign documents");
    facts.version = IAS_SIGN_GTK_VERSION;
    facts.purpose = tr("Signs documents with your IAS-ECC smart card and verifies their signatures.");
    facts.documentation = "ias-sign.md";
    pinui::dialog::showAboutWindow(GTK_WINDOW(window_), facts);
}

SignWindow* presentSignWindow(GtkApplication* app, const WindowOptions& options) {
    return new SignWindow(app, options);
}

void deleteSignWindow(SignWindow* window) {
    delete window;  // FlowRunner's destructor joins a running action
}

}  // namespace ias::signgtk
