# Shared by the diagnostic window's tests (ias_diag_gtk.*): the window on a private desktop (Xvfb and a
# session bus: tests/pkcs11-clients/pin-dialog/guilib.sh), its --status-fd lines, and the comparison of its
# verdicts and saved reports with ias-diag's. Source after ../testbed/lib.sh, diaglib.sh and guilib.sh.
GTKAPP=${IAS_DIAG_GTK:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-diag-gtk/ias-diag-gtk}
[ -x "$GTKAPP" ] || { echo "FAIL: no ias-diag-gtk at $GTKAPP"; exit 1; }
SHOTS=${IAS_DIAG_SHOTS:-${IAS_BUILD_DIR:-$repo/build}/tests/ias-diag/shots}
APP_PID= STATUS= WIN=

window_title() { [ "$1" = fr ] && echo "Diagnostic IAS-ECC" || echo "IAS-ECC diagnostic"; }
# find_window TITLE: the id of the visible window of that title (empty after 60 s, a hang guard)
find_window() {
    local i id
    for i in $(seq 600); do
        id=$(xdotool search --onlyvisible --name "^$1\$" 2>/dev/null | head -1)
        [ -n "$id" ] && { echo "$id"; return 0; }
        sleep 0.1
    done
    return 1
}
# open_window LANG [OPTIONS]: the window, its state lines in $STATUS, its X window in $WIN.
open_window() {
    close_window
    LANG_NOW=$1
    STATUS="$WORK/status.$1.$RANDOM"
    : >"$STATUS"
    "$GTKAPP" --lang "$1" "${@:2}" --status-fd 3 3>"$STATUS" 2>>"$WORK/app.err" &
    APP_PID=$!
    WIN=$(find_window "$(window_title "$1")") || { fail "no window ($1)"; return 1; }
    await '^ready$'
}
close_window() {
    [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
    APP_PID=
}
# await REGEX [SECONDS]: a state line matching REGEX appears (the bound is a hang guard, never asserted).
await() {
    local i
    for i in $(seq $((${2:-60} * 10))); do
        grep -Eq -- "$1" "$STATUS" && return 0
        sleep 0.1
    done
    echo "  (no /$1/ in the window's state:)"; sed 's/^/    /' "$STATUS"
    return 1
}
# run_checks: Return on the focused "Run the checks" (keyboard), then the run's end.
run_checks() {
    local before; before=$(grep -c '^done ' "$STATUS")
    key_in "$WIN" Return
    local i
    for i in $(seq 1800); do  # 180 s: a bound on a run whose steps wait at most their timeout
        [ "$(grep -c '^done ' "$STATUS")" -gt "$before" ] && return 0
        sleep 0.1
    done
    fail "the run did not end"; sed 's/^/    /' "$STATUS"; return 1
}
# window_verdicts: "id STATUS" of the last run, in order, and "exit N"
window_verdicts() {
    awk '/^clicked run$/ {n = 0; delete v} /^check [a-z-]+ (OK|WARN|FAIL|SKIP)$/ {v[n++] = $2 " " $3}
         /^done / {e = $2} END {for (i = 0; i < n; i++) print v[i]; print "exit " e}' "$STATUS"
}
# cli_verdicts JSON RC: the same from ias-diag's report
cli_verdicts() {
    "$PY" - "$1" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
for c in d["checks"]: print(c["id"], c["status"])
PYEOF
    echo "exit $2"
}
# same_verdicts NAME JSON RC: the window's verdicts are ias-diag's
same_verdicts() {
    window_verdicts >"$WORK/$1.window"
    cli_verdicts "$2" "$3" >"$WORK/$1.cli"
    if diff "$WORK/$1.cli" "$WORK/$1.window" >"$WORK/$1.diff"; then
        pass "$1: the window's verdicts are ias-diag --json's ($(grep -v '^exit' "$WORK/$1.cli" | awk '{print $2}' | sort | uniq -c | tr -s ' \n' ' '))"
    else
        fail "$1: the window's verdicts differ from ias-diag's"; cat "$WORK/$1.diff"
    fi
}
# shot NAME: the window (or window id $2) as $SHOTS/ias-diag-gtk-NAME.png
shot() {
    sleep 0.5
    mkdir -p "$SHOTS"
    import -window "${2:-$WIN}" "$SHOTS/ias-diag-gtk-$1.png" 2>/dev/null || fail "screenshot $1"
}
# normalised FILE: the report without the moment it was generated (JSON "generated", the end of the text's
# first line, in either language)
normalised() {
    sed -E -e 's/"generated": *"[^"]*"/"generated": "-"/' \
        -e '1s/(\(ias-diag [^,]*, )[^)]*\)$/\1-)/' "$1"
}
# save_as NAME: Ctrl+S, NAME typed in the file chooser (which starts in $HOME), Enter; waits for "saved".
save_as() {
    local before; before=$(grep -c '^saved ' "$STATUS")
    key_in "$WIN" ctrl+s
    local title chooser
    title=$([ "$LANG_NOW" = fr ] && echo "Enregistrer le rapport" || echo "Save the report")
    chooser=$(find_window "$title") || { fail "no file chooser"; return 1; }
    xdotool windowfocus --sync "$chooser" key ctrl+a
    xdotool type --delay 30 "$1"
    xdotool key Return
    local i
    for i in $(seq 600); do
        [ "$(grep -c '^saved ' "$STATUS")" -gt "$before" ] && return 0
        sleep 0.1
    done
    fail "the report was not saved as $1"; sed 's/^/    /' "$STATUS"; return 1
}
# same_file DESCRIPTION EXPECTED GOT: equal once normalised
same_file() {
    if diff <(normalised "$2") <(normalised "$3") >"$WORK/file.diff"; then pass "$1"; else
        fail "$1"; head -20 "$WORK/file.diff"
    fi
}
# click_help: a mouse click on the Help menu button, where the window said it is ("help-at X Y")
click_help() {
    await '^help-at [0-9]+ [0-9]+$' || return 1
    local x y
    read -r _ x y < <(grep '^help-at ' "$STATUS" | head -1)
    xdotool mousemove --window "$WIN" "$x" "$y" click 1
}
# clipboard_text FILE: the desktop's clipboard as another GTK client reads it (Debian's python3-gi)
clipboard_text() {
    timeout 90 "$PY" - "$1" <<'PYEOF'
import sys, gi
gi.require_version("Gtk", "4.0")
gi.require_version("Gdk", "4.0")
from gi.repository import Gdk, GLib, Gtk
Gtk.init()
loop, out = GLib.MainLoop(), {}
def done(clipboard, result):
    out["text"] = clipboard.read_text_finish(result)
    loop.quit()
Gdk.Display.get_default().get_clipboard().read_text_async(None, done)
GLib.timeout_add_seconds(60, loop.quit)  # a hang guard
loop.run()
open(sys.argv[1], "w", encoding="utf-8").write(out.get("text") or "")
PYEOF
}
