#include "DiagWindow.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "AboutWindow.h"
#include "CheckRow.h"
#include "DiagRun.h"
#include "ReportFile.h"
#include "StatusLines.h"
#include "Texts.h"

namespace ias::diaggtk {

class DiagWindow {
public:
    DiagWindow(GtkApplication* app, const WindowOptions& options);
    void run();
    void save();
    void copy();
    void openFolder();
    void documentation();
    void about();
    void anonymiseChanged();

    GtkApplication* app_;
    WindowOptions options_;
    StatusLines status_;
    GtkWidget* window_ = nullptr;
    GtkWidget* list_ = nullptr;
    GtkAdjustment* scroll_ = nullptr;
    GtkWidget* runButton_ = nullptr;
    GtkWidget* anonymise_ = nullptr;
    GtkWidget* saveButton_ = nullptr;
    GtkWidget* copyButton_ = nullptr;
    GtkWidget* folderButton_ = nullptr;
    GtkWidget* summary_ = nullptr;
    GtkWidget* note_ = nullptr;
    std::vector<std::unique_ptr<CheckRow>> rows_;
    std::optional<ias::diag::Report> report_;
    bool running_ = false;
    std::string folder_;  // where the last report was saved (the chooser starts there)
};

namespace {

GtkWidget* button(const std::string& text, const std::string& accessible, GCallback onClick, DiagWindow* w) {
    GtkWidget* b = gtk_button_new_with_mnemonic(text.c_str());
    gtk_accessible_update_property(GTK_ACCESSIBLE(b), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible.c_str(), -1);
    g_signal_connect(b, "clicked", onClick, w);
    return b;
}

template <void (DiagWindow::*method)()>
void onClicked(GtkWidget*, gpointer data) {
    (static_cast<DiagWindow*>(data)->*method)();
}

template <void (DiagWindow::*method)()>
void addAction(GActionMap* map, const char* name, DiagWindow* w) {
    GSimpleAction* action = g_simple_action_new(name, nullptr);
    g_signal_connect(action, "activate", G_CALLBACK(+[](GSimpleAction*, GVariant*, gpointer data) {
                         (static_cast<DiagWindow*>(data)->*method)();
                     }),
                     w);
    g_action_map_add_action(map, G_ACTION(action));
    g_object_unref(action);
}

void setNote(GtkWidget* note, const std::string& text) {
    gtk_label_set_text(GTK_LABEL(note), text.c_str());
    gtk_accessible_update_property(GTK_ACCESSIBLE(note), GTK_ACCESSIBLE_PROPERTY_LABEL, text.c_str(), -1);
    gtk_widget_set_visible(note, !text.empty());
}

std::string format(const std::string& pattern, const std::string& value) {
    const std::string::size_type at = pattern.find("%s");
    if (at == std::string::npos) return pattern;
    return pattern.substr(0, at) + value + pattern.substr(at + 2);
}

GtkWidget* headerBar(DiagWindow* w) {
    GtkWidget* header = gtk_header_bar_new();
    GMenu* menu = g_menu_new();
    g_menu_append(menu, tr("_Documentation").c_str(), "app.documentation");
    g_menu_append(menu, tr("_About").c_str(), "app.about");
    GtkWidget* help = gtk_menu_button_new();
    gtk_menu_button_set_label(GTK_MENU_BUTTON(help), tr("Help").c_str());
    gtk_menu_button_set_menu_model(GTK_MENU_BUTTON(help), G_MENU_MODEL(menu));
    g_object_unref(menu);
    gtk_accessible_update_property(GTK_ACCESSIBLE(help), GTK_ACCESSIBLE_PROPERTY_LABEL, tr("Help").c_str(),
                                   -1);
    // For the tests: the menu opening is the answer to a click (StatusLines.h, "clicked help").
    g_signal_connect(gtk_menu_button_get_popover(GTK_MENU_BUTTON(help)), "show",
                     G_CALLBACK(+[](GtkWidget*, gpointer data) {
                         static_cast<DiagWindow*>(data)->status_.line("clicked help");
                     }),
                     w);
    gtk_header_bar_pack_end(GTK_HEADER_BAR(header), help);
    // For the tests' mouse: where the Help button is, in the X window's pixels, once it is laid out.
    gtk_widget_add_tick_callback(
        help,
        +[](GtkWidget* button, GdkFrameClock*, gpointer data) -> gboolean {
            graphene_rect_t bounds;
            GtkNative* native = gtk_widget_get_native(button);
            if (gtk_widget_get_width(button) <= 0 || native == nullptr ||
                !gtk_widget_compute_bounds(button, GTK_WIDGET(native), &bounds))
                return G_SOURCE_CONTINUE;
            double dx = 0, dy = 0;
            gtk_native_get_surface_transform(native, &dx, &dy);
            const int x = static_cast<int>(dx + bounds.origin.x + bounds.size.width / 2);
            const int y = static_cast<int>(dy + bounds.origin.y + bounds.size.height / 2);
            static_cast<DiagWindow*>(data)->status_.line("help-at " + std::to_string(x) + " " +
                                                         std::to_string(y));
            return G_SOURCE_REMOVE;
        },
        w, nullptr);
    return header;
}

// The verdicts' colours (the theme's success/warning/error classes colour only some widgets).
void addVerdictColours() {
    GtkCssProvider* css = gtk_css_provider_new();
    gtk_css_provider_load_from_data(
        css,
        "label.verdict-ok { color: #26a269; } label.verdict-warn { color: #c64600; }"
        " label.verdict-fail { color: #c01c28; } label.verdict-skip { color: #77767b; }",
        -1);
    gtk_style_context_add_provider_for_display(gdk_display_get_default(), GTK_STYLE_PROVIDER(css),
                                               GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref(css);
}

}  // namespace

DiagWindow::DiagWindow(GtkApplication* app, const WindowOptions& options)
    : app_(app), options_(options), status_(options.statusFd), folder_(g_get_home_dir()) {
    addVerdictColours();
    window_ = gtk_application_window_new(app);
    gtk_window_set_title(GTK_WINDOW(window_), tr("IAS-ECC diagnostic").c_str());
    gtk_window_set_icon_name(GTK_WINDOW(window_), "auth-smartcard");
    gtk_window_set_default_size(GTK_WINDOW(window_), 720, 600);
    gtk_window_set_titlebar(GTK_WINDOW(window_), headerBar(this));

    addAction<&DiagWindow::documentation>(G_ACTION_MAP(app), "documentation", this);
    addAction<&DiagWindow::about>(G_ACTION_MAP(app), "about", this);
    addAction<&DiagWindow::run>(G_ACTION_MAP(app), "run", this);
    addAction<&DiagWindow::save>(G_ACTION_MAP(app), "save", this);
    const char* f1[] = {"F1", nullptr};
    const char* ctrlR[] = {"<Control>r", nullptr};
    const char* ctrlS[] = {"<Control>s", nullptr};
    gtk_application_set_accels_for_action(app, "app.documentation", f1);
    gtk_application_set_accels_for_action(app, "app.run", ctrlR);
    gtk_application_set_accels_for_action(app, "app.save", ctrlS);

    GtkWidget* body = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_set_margin_top(body, 12);
    gtk_widget_set_margin_bottom(body, 12);
    gtk_widget_set_margin_start(body, 12);
    gtk_widget_set_margin_end(body, 12);

    GtkWidget* intro = gtk_label_new(
        tr("Checks the smart-card software, the reader and the card, and says what to do. No PIN is asked.")
            .c_str());
    gtk_label_set_wrap(GTK_LABEL(intro), TRUE);
    gtk_label_set_xalign(GTK_LABEL(intro), 0);
    gtk_box_append(GTK_BOX(body), intro);

    GtkWidget* top = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
    runButton_ =
        button(tr("_Run the checks"), tr("Run the checks"), G_CALLBACK(onClicked<&DiagWindow::run>), this);
    gtk_widget_add_css_class(runButton_, "suggested-action");
    gtk_box_append(GTK_BOX(top), runButton_);
    GtkWidget* spacer = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 0);
    gtk_widget_set_hexpand(spacer, TRUE);
    gtk_box_append(GTK_BOX(top), spacer);
    GtkWidget* anonLabel =
        gtk_label_new_with_mnemonic(tr("_Anonymise (names and serial numbers hidden)").c_str());
    gtk_box_append(GTK_BOX(top), anonLabel);
    anonymise_ = gtk_switch_new();
    gtk_widget_set_valign(anonymise_, GTK_ALIGN_CENTER);
    gtk_switch_set_active(GTK_SWITCH(anonymise_), options_.diag.anonymise);
    gtk_label_set_mnemonic_widget(GTK_LABEL(anonLabel), anonymise_);
    gtk_accessible_update_property(GTK_ACCESSIBLE(anonymise_), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   tr("Anonymise the report").c_str(), -1);
    g_signal_connect(anonymise_, "notify::active", G_CALLBACK(+[](GObject*, GParamSpec*, gpointer data) {
                         static_cast<DiagWindow*>(data)->anonymiseChanged();
                     }),
                     this);
    gtk_box_append(GTK_BOX(top), anonymise_);
    gtk_box_append(GTK_BOX(body), top);

    list_ = gtk_list_box_new();
    gtk_list_box_set_selection_mode(GTK_LIST_BOX(list_), GTK_SELECTION_NONE);
    gtk_widget_add_css_class(list_, "boxed-list");
    gtk_accessible_update_property(GTK_ACCESSIBLE(list_), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                   tr("The checks").c_str(), -1);
    GtkWidget* scroll = gtk_scrolled_window_new();
    gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroll), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroll), list_);
    gtk_widget_set_vexpand(scroll, TRUE);
    // While the checks run, the list follows the newest one (its spinner stays in sight); at the end it shows
    // the first checks again, where a failure takes the later ones' input away.
    scroll_ = gtk_scrolled_window_get_vadjustment(GTK_SCROLLED_WINDOW(scroll));
    g_signal_connect(scroll_, "changed", G_CALLBACK(+[](GtkAdjustment* a, gpointer data) {
                         if (!static_cast<DiagWindow*>(data)->running_) return;
                         gtk_adjustment_set_value(
                             a, gtk_adjustment_get_upper(a) - gtk_adjustment_get_page_size(a));
                     }),
                     this);
    gtk_box_append(GTK_BOX(body), scroll);

    summary_ = gtk_label_new(tr("Press “Run the checks” to start.").c_str());
    gtk_label_set_xalign(GTK_LABEL(summary_), 0);
    gtk_label_set_wrap(GTK_LABEL(summary_), TRUE);
    gtk_box_append(GTK_BOX(body), summary_);

    GtkWidget* bottom = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 12);
    saveButton_ = button(tr("_Save the report…"), tr("Save the report"),
                         G_CALLBACK(onClicked<&DiagWindow::save>), this);
    copyButton_ = button(tr("_Copy to the clipboard"), tr("Copy the report to the clipboard"),
                         G_CALLBACK(onClicked<&DiagWindow::copy>), this);
    folderButton_ = button(tr("_Open the folder"), tr("Open the folder of the saved report"),
                           G_CALLBACK(onClicked<&DiagWindow::openFolder>), this);
    gtk_widget_set_sensitive(saveButton_, FALSE);
    gtk_widget_set_sensitive(copyButton_, FALSE);
    gtk_widget_set_visible(folderButton_, FALSE);
    gtk_box_append(GTK_BOX(bottom), saveButton_);
    gtk_box_append(GTK_BOX(bottom), copyButton_);
    gtk_box_append(GTK_BOX(bottom), folderButton_);
    gtk_box_append(GTK_BOX(body), bottom);
    note_ = gtk_label_new("");
    gtk_label_set_xalign(GTK_LABEL(note_), 0);
    gtk_label_set_wrap(GTK_LABEL(note_), TRUE);
    gtk_label_set_wrap_mode(GTK_LABEL(note_), PANGO_WRAP_WORD_CHAR);
    gtk_widget_set_visible(note_, FALSE);
    gtk_box_append(GTK_BOX(body), note_);

    gtk_window_set_child(GTK_WINDOW(window_), body);
    gtk_window_present(GTK_WINDOW(window_));
    gtk_widget_grab_focus(runButton_);
    status_.line("ready");
}

void DiagWindow::run() {
    if (running_) return;
    status_.line("clicked run");
    running_ = true;
    report_.reset();
    for (const auto& row : rows_) gtk_list_box_remove(GTK_LIST_BOX(list_), row->widget());
    rows_.clear();
    gtk_widget_set_sensitive(runButton_, FALSE);
    gtk_widget_set_sensitive(anonymise_, FALSE);
    gtk_widget_set_sensitive(saveButton_, FALSE);
    gtk_widget_set_sensitive(copyButton_, FALSE);
    gtk_widget_set_visible(folderButton_, FALSE);
    setNote(note_, "");
    gtk_label_set_text(GTK_LABEL(summary_), tr("Checking… Each check waits at most its time limit.").c_str());

    RunEvents events;
    events.started = [this](const std::string& id, const std::string& title) {
        rows_.push_back(std::make_unique<CheckRow>(title));
        gtk_list_box_append(GTK_LIST_BOX(list_), rows_.back()->widget());
        status_.line("check " + id + " running");
    };
    events.finished = [this](const ias::diag::CheckResult& result) {
        if (!rows_.empty()) rows_.back()->show(result);
        status_.line("check " + result.id + " " + ias::diag::toString(result.status));
    };
    events.done = [this](const ias::diag::Report& report) {
        report_ = report;
        running_ = false;
        gtk_adjustment_set_value(scroll_, 0);
        gtk_button_set_label(GTK_BUTTON(runButton_), tr("_Run again").c_str());
        gtk_accessible_update_property(GTK_ACCESSIBLE(runButton_), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       tr("Run the checks again").c_str(), -1);
        for (GtkWidget* w : {runButton_, anonymise_, saveButton_, copyButton_})
            gtk_widget_set_sensitive(w, TRUE);
        const std::string summary = tr("Summary:") + " " + summaryText(report);
        gtk_label_set_text(GTK_LABEL(summary_), summary.c_str());
        gtk_accessible_update_property(GTK_ACCESSIBLE(summary_), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       summary.c_str(), -1);
        status_.line("done " + std::to_string(report.exitCode()));
    };
    startRun(options_.diag, std::move(events));
}

void DiagWindow::anonymiseChanged() {
    options_.diag.anonymise = gtk_switch_get_active(GTK_SWITCH(anonymise_));
    status_.line(std::string("anonymise ") + (options_.diag.anonymise ? "1" : "0"));
    // The report on screen, saved or copied is always the one the switch says: run it again.
    if (report_ && !running_) run();
}

void DiagWindow::save() {
    if (!report_ || running_) return;
    status_.line("clicked save");
    chooseReportFile(GTK_WINDOW(window_), folder_, [this](std::string path) {
        if (!report_) return;
        const ReportFormat kind = formatOf(path);
        if (!writeReport(path, *report_, kind)) {
            setNote(note_, format(tr("The report could not be saved to %s."), path));
            status_.line("save-failed " + path);
            return;
        }
        char* folder = g_path_get_dirname(path.c_str());
        folder_ = folder;
        g_free(folder);
        setNote(note_, format(tr("Report saved to %s."), path));
        gtk_widget_set_visible(folderButton_, TRUE);
        status_.line(std::string("saved ") + (kind == ReportFormat::Json ? "json " : "text ") + path);
    });
}

void DiagWindow::copy() {
    if (!report_) return;
    const std::string text = renderReport(*report_, ReportFormat::Text);
    gdk_clipboard_set_text(gtk_widget_get_clipboard(window_), text.c_str());
    setNote(note_, tr("The report is in the clipboard."));
    status_.line("copied " + std::to_string(text.size()));
}

void DiagWindow::openFolder() {
    status_.line("clicked folder");
    const bool ok = openInDesktop(folder_);
    if (!ok) setNote(note_, format(tr("No program could open the folder %s."), folder_));
    status_.line(std::string("launched folder ") + (ok ? "1" : "0"));
}

void DiagWindow::documentation() {
    status_.line("clicked documentation");
    const std::string page = std::string(IAS_DOC_DIR) + "/ias-diag.md";
    const bool ok = openInDesktop(page);
    if (!ok) setNote(note_, format(tr("The documentation is in %s."), page));
    status_.line(std::string("launched documentation ") + (ok ? "1" : "0"));
}

void DiagWindow::about() {
    status_.line("clicked about");
    ias::pinui::dialog::showAboutWindow(
        GTK_WINDOW(window_),
        ias::pinui::dialog::AboutFacts{
            "ias-diag-gtk", tr("Smart-card diagnostic"), IAS_DIAG_VERSION,
            tr("Checks the smart-card software, the reader and the card, and says what to do."),
            "ias-diag.md"});
}

DiagWindow* presentDiagWindow(GtkApplication* app, const WindowOptions& options) {
    return new DiagWindow(app, options);
}

}  // namespace ias::diaggtk
