# Shared by the ias-pin-change window tests: the test bed and the private desktop (Xvfb, session bus:
# tests/pkcs11-clients/pin-dialog/guilib.sh), the program, and helpers to open the window, read its
# --status-fd state lines and type into it. Source it, then bed_up [options] and gui_up.
source "$(dirname "${BASH_SOURCE[0]}")/../testbed/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/../pkcs11-clients/pin-dialog/guilib.sh"
APP=${IAS_PIN_CHANGE:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-pin-change/ias-pin-change}
TOOL=${IAS_TOOL:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-tool/ias-tool}
[ -x "$APP" ] || { echo "FAIL: no ias-pin-change at $APP"; exit 1; }
export IAS_PIN_SHOTS=${IAS_PIN_SHOTS:-${IAS_BUILD_DIR:-$repo/build}/tests/ias-pin-change/shots}
APP_PID= STATUS=

# open_window LANG [OPTIONS]: the window on the bed's pcscd, its state lines in $STATUS; WIN its X window.
open_window() {
    close_window
    STATUS="$BED/status.$RANDOM"
    : >"$STATUS"
    "$APP" --lang "$1" "${@:2}" --status-fd 3 3>"$STATUS" 2>>"$BED/app.err" &
    APP_PID=$!
    WIN=
    local i title
    title=$([ "$1" = fr ] && echo "Changer le code PIN" || echo "Change PIN")
    for i in $(seq 600); do  # a hang guard (60 s): the window shows in well under a second
        WIN=$(xdotool search --onlyvisible --name "^$title\$" 2>/dev/null | head -1)
        [ -n "$WIN" ] && return 0
        sleep 0.1
    done
    fail "no window ($1)"
}
close_window() {
    [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null
    APP_PID=
}
# await REGEX [SECONDS]: a state line matching REGEX (extended grep) appears. The bound (default 60 s) is a hang
# guard for events that take milliseconds to a second, never what a test asserts.
await() {
    local i
    for i in $(seq $((${2:-60} * 10))); do
        grep -Eq -- "$1" "$STATUS" && return 0
        sleep 0.1
    done
    echo "  (no /$1/ in the window's state:)"; sed 's/^/    /' "$STATUS"
    return 1
}
last_change_state() { grep -E '^change [01]$' "$STATUS" | tail -1; }
# fill CURRENT NEW AGAIN: typed into the three entries (focus starts in the first).
fill() {
    type_in "$WIN" "$1" && key_in "$WIN" Tab && type_in "$WIN" "$2" && key_in "$WIN" Tab && type_in "$WIN" "$3"
    sleep 0.3
}
changes_in_log() { grep -Ec '^C (00|0C)240001 ' "$BED/apdu.log"; }

