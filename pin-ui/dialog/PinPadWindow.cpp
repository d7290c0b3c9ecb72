#include "PinPadWindow.h"

#include "AnswerChannel.h"
#include "Texts.h"
#include "WindowParts.h"

namespace ias::pinui::dialog {

void presentPinPadWindow(GtkApplication* app, const PinRequest& request) {
    GtkWidget* window = newWindow(app);
    GtkWidget* content = gtk_box_new(GTK_ORIENTATION_VERTICAL, 18);
    gtk_widget_set_margin_top(content, 24);
    gtk_widget_set_margin_bottom(content, 24);
    gtk_widget_set_margin_start(content, 24);
    gtk_widget_set_margin_end(content, 24);
    gtk_box_append(GTK_BOX(content), newHeader(request));

    GtkWidget* waiting = gtk_box_new(GTK_ORIENTATION_HORIZONTAL, 10);
    gtk_widget_set_margin_start(waiting, 82);  // under the header's text column
    GtkWidget* spinner = gtk_spinner_new();
    gtk_spinner_start(GTK_SPINNER(spinner));
    gtk_box_append(GTK_BOX(waiting), spinner);
    gtk_box_append(GTK_BOX(waiting), gtk_label_new(pinPadWaiting().c_str()));
    gtk_box_append(GTK_BOX(content), waiting);
    GtkWidget* note = newCaption(pinPadStaysOffComputer(), "dim-label");
    gtk_widget_set_margin_start(note, 82);
    gtk_box_append(GTK_BOX(content), note);
    gtk_window_set_child(GTK_WINDOW(window), content);

    // The client learns the notice is on screen; the only line this mode ever writes besides ERROR.
    g_signal_connect(window, "map", G_CALLBACK(+[](GtkWidget*, gpointer) { answerLine("SHOWN\n"); }),
                     nullptr);
    // "CLOSE", any other line, or the client's end closing: the reader is done.
    watchClient(closeAllWindows, app);
    gtk_window_present(GTK_WINDOW(window));
}

}  // namespace ias::pinui::dialog
