#pragma once
// One check's line in the window: a spinner while it runs, then its verdict (OK / WARN / FAIL / SKIP), its
// finding and, when something is to be done, its advice. The row's accessible name says all of it.
#include <gtk/gtk.h>

#include <string>

#include "Check.h"

namespace ias::diaggtk {

class CheckRow {
public:
    // A new row, running, for a check of that title.
    explicit CheckRow(const std::string& title);
    GtkWidget* widget() const { return row_; }
    void show(const ias::diag::CheckResult& result);

private:
    GtkWidget* row_;
    GtkWidget* spinner_;
    GtkWidget* verdict_;
    GtkWidget* finding_;
    GtkWidget* advice_;
    std::string title_;
};

}  // namespace ias::diaggtk
