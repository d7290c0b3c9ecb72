#pragma once
// Rows of "name  value" in a grid, the values selectable, wrapping, and named for screen readers
// ("Serial number: 0123…"): the look of every section of the browser.
#include <gtk/gtk.h>

#include <string>

namespace ias::browser {

GtkWidget* valueGrid();
// Appends a row; returns the value's label (for a style class).
GtkWidget* addValueRow(GtkWidget* grid, const std::string& name, const std::string& value);
// A section heading above `content`, in `box`.
void addSection(GtkWidget* box, const std::string& title, GtkWidget* content);

}  // namespace ias::browser
