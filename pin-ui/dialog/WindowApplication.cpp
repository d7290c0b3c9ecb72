#include "WindowApplication.h"

namespace ias::pinui::dialog {

int runWindowApplication(const char* id, char* argv0, const std::function<void(GtkApplication*)>& present) {
    struct Run {
        const std::function<void(GtkApplication*)>* present;
        bool presented = false;
    } run{&present};
    GtkApplication* app = gtk_application_new(id, G_APPLICATION_NON_UNIQUE);
    g_signal_connect(app, "activate", G_CALLBACK(+[](GtkApplication* a, gpointer data) {
                         auto* r = static_cast<Run*>(data);
                         if (r->presented) return;
                         r->presented = true;
                         (*r->present)(a);
                     }),
                     &run);
    char* args[] = {argv0, nullptr};
    const int status = g_application_run(G_APPLICATION(app), 1, args);
    g_object_unref(app);
    return status;
}

}  // namespace ias::pinui::dialog
