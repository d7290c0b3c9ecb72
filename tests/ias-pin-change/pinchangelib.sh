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
    STATUS="$BED/status.$RANDOM" MARK=0
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
# mark: later awaits look only at the state lines written after it (open_window resets it). The window
# writes through a descriptor opened on $STATUS: the file is never rewritten (sed -i would orphan it).
mark() { MARK=$(wc -l <"$STATUS"); }
# await REGEX [SECONDS]: a state line (after the mark) matching REGEX (extended grep) appears. The bound (default 60 s) is a hang
# guard for events that take milliseconds to a second, never what a test asserts.
await() {
    local i
    for i in $(seq $((${2:-60} * 10))); do
        tail -n +$((${MARK:-0} + 1)) "$STATUS" | grep -cE -- "$1" >/dev/null && return 0
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


# The residue method of tests/memory-residue (docs/pin-memory.md): a full core of the running window (gdb's
# gcore -a: MADV_DONTDUMP pages too), searched for a secret as typed (ASCII) and as UTF-16.
# No full core of an AddressSanitizer process can be written (terabytes of shadow): those checks are skipped
# there (IAS_SANITIZED, set by CMake), as in tests/memory-residue.
dumps_possible() { [ -z "${IAS_SANITIZED:-}" ] && command -v gcore >/dev/null; }
# dump_window NAME: prints the core's path (empty when gcore failed).
dump_window() {
    local prefix="$BED/core-$1"
    rm -f "$prefix.$APP_PID"
    gcore -a -o "$prefix" "$APP_PID" >/dev/null 2>&1
    [ -s "$prefix.$APP_PID" ] && echo "$prefix.$APP_PID"
}
# secret_count CORE SECRET: occurrences of SECRET, ASCII plus UTF-16LE.
secret_count() {
    /usr/bin/python3 -c '
import sys
data = open(sys.argv[1], "rb").read()
s = sys.argv[2].encode()
print(data.count(s) + data.count(sys.argv[2].encode("utf-16-le")))' "$1" "$2"
}
# core_holds NAME SECRET: a control: the core taken now finds SECRET (else a clean dump would prove nothing).
core_holds() {
    dumps_possible || { echo "skip: no core dumps in this build"; return 0; }
    local core; core=$(dump_window "$1")
    [ -n "$core" ] || { fail "gcore could not dump the window ($1)"; return; }
    [ "$(secret_count "$core" "$2")" -ge 1 ] && pass "control: the core ($1) finds the secret the window holds" \
        || fail "the core ($1) does not see the secret the window holds: the search proves nothing"
    rm -f "$core"
}
# core_clean NAME SECRET...: the core taken now holds none of the SECRETs (kept for a look when it does).
core_clean() {
    dumps_possible || { echo "skip: no core dumps in this build"; return 0; }
    local core s n bad=0; core=$(dump_window "$1"); shift
    [ -n "$core" ] || { fail "gcore could not dump the window"; return; }
    for s in "$@"; do
        n=$(secret_count "$core" "$s")
        [ "$n" = 0 ] || { fail "the core holds a secret $n times ($core)"; bad=1; }
    done
    [ $bad = 0 ] && pass "no PUK, no PIN in a core of the window ($# secrets searched)" && rm -f "$core"
}
# The RESET RETRY COUNTER commands (P1 02: with a new PIN; 03: counter only) in the APDU log.
resets_in_log() { grep -Ec '^C (00|0C)2C0[23]01' "$BED/apdu.log"; }
# about_shot TITLE NAME KEY: opens the About window with KEY (alt+a; alt+r in French: "À p_ropos"), checks
# that its title starts with TITLE, takes its screenshot as NAME, closes it with Escape.
about_shot() {
    local title=$1 name=$2 key=$3 about= i
    key_in "$WIN" "$key"
    for i in $(seq 600); do
        # The window's other visible window (GTK's own catalogue names it "About …" / "À propos de …").
        about=$(xdotool search --onlyvisible --pid "$APP_PID" 2>/dev/null | grep -vx "$WIN" | head -1)
        [ -n "$about" ] && break
        sleep 0.1
    done
    [ -n "$about" ] || { fail "no About window ($title)"; return 1; }
    local name_seen; name_seen=$(xdotool getwindowname "$about" 2>/dev/null)
    steady_shot "$about" "$name"
    key_in "$about" Escape
    [[ "$name_seen" == "$title"* ]] && pass "the About window opens ($name_seen)" \
        || fail "the About window's title is \"$name_seen\", not $title…"
}
# steady_shot WINDOW NAME: the screenshot once the window's size has stopped changing (a state that adds
# rows grows the window: a shot taken during the resize is cut off).
steady_shot() {
    local before= now i
    for i in $(seq 100); do  # hang guard 20 s; a resize settles in a frame or two
        now=$(xdotool getwindowgeometry "$1" 2>/dev/null | grep Geometry)
        [ -n "$now" ] && [ "$now" = "$before" ] && break
        before=$now
        sleep 0.2
    done
    shot "$1" "$2"
}
