# Shared by the ias-browser window tests: the program, helpers to open the window, read its --status-fd lines
# (tools/ias-browser/StatusReport.h) and walk it with the keyboard. Source it, then bed_up and gui_up.
# The window helpers of the PIN window's tests (close_window, mark, await, steady_shot, the core dumps) serve
# this window too; pinchangelib.sh brings the test bed's lib.sh and the desktop's guilib.sh.
source "$(dirname "${BASH_SOURCE[0]}")/../ias-pin-change/pinchangelib.sh"
# Another window's test (ias-sign-gtk) sets WINDOW_APP, APP_TITLE_EN/_FR and WINDOW_SHOTS before sourcing this.
APP=${WINDOW_APP:-${IAS_BROWSER:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-browser/ias-browser}}
APP_TITLE_EN=${APP_TITLE_EN:-Card browser} APP_TITLE_FR=${APP_TITLE_FR:-Explorateur de carte}
[ -x "$APP" ] || { echo "FAIL: no window program at $APP"; exit 1; }
export IAS_PIN_SHOTS=${WINDOW_SHOTS:-${IAS_BROWSER_SHOTS:-${IAS_BUILD_DIR:-$repo/build}/tests/ias-browser/shots}}

# open_window LANG [OPTIONS]: the window on the bed's pcscd, its state lines in $STATUS; WIN its X window.
# Extra environment (a theme) through `env` in front: APP_ENV="GTK_THEME=…" open_window en.
open_window() {
    close_window
    STATUS="$BED/status.$RANDOM" MARK=0
    : >"$STATUS"
    env ${APP_ENV:-} "$APP" --lang "$1" "${@:2}" --status-fd 3 3>"$STATUS" 2>>"$BED/app.err" &
    APP_PID=$!
    WIN=
    local i title
    title=$([ "$1" = fr ] && echo "$APP_TITLE_FR" || echo "$APP_TITLE_EN")
    for i in $(seq 600); do  # a hang guard (60 s): the window shows in well under a second
        WIN=$(xdotool search --onlyvisible --pid "$APP_PID" --name "^$title\$" 2>/dev/null | head -1)
        [ -n "$WIN" ] && return 0
        sleep 0.1
    done
    fail "no window ($1)"
}
# last_page: the lines of the last complete page ("state …" to "page end").
last_page() {
    awk '/^state /{buf=""} {buf=buf $0 "\n"} /^page end$/{page=buf} END{printf "%s", page}' "$STATUS"
}
# focus_on NAME [MAX]: Tab through the window until the focus line names NAME exactly (a keyboard user's
# way to a control); fails after MAX presses (default 200: a card page has fewer).
focus_on() {
    local i
    for i in $(seq "${2:-200}"); do
        mark
        key_in "$WIN" Tab
        await '^focus ' 5 >/dev/null || continue
        [ "$(tail -n +$((MARK + 1)) "$STATUS" | grep '^focus ' | tail -1)" = "focus $1" ] && return 0
    done
    fail "no control named \"$1\" reachable with Tab"
    return 1
}
# find_window TITLE: a visible window with this title (guilib's dialog_window, 60 s hang guard).
find_window() {
    local id; id=$(DIALOG_TITLE=$1 dialog_window)
    [ -n "$id" ] && echo "$id"
}
# export_as LABEL NAME CHOOSER_TITLE: an export button named LABEL (Tab, Return), NAME typed in the file
# chooser (which starts in $HOME), Enter; waits for the "exported" line.
export_as() {
    local control=$1 name=$2 title=$3 chooser
    focus_on "$control" || return 1
    mark
    key_in "$WIN" Return
    chooser=$(find_window "$title") || { fail "no file chooser \"$title\""; return 1; }
    xdotool windowfocus --sync "$chooser" key ctrl+a
    xdotool type --delay 30 "$name"
    xdotool key Return
    await "^exported [a-z-]+ [0-9A-F-]+ $HOME/$name\$" || { fail "not exported as $name"; return 1; }
}
