#!/bin/bash
# The diagnostic window (ias-diag-gtk) on a test bed, in English and French: its verdicts are ias-diag --json's
# for the healthy bed, after a wrong PIN (WARN with tries left), without a card and with pcscd down; the
# reports saved through its file chooser (text and JSON, anonymised too) are byte for byte ias-diag's, but for
# the moment they were generated; the Help menu's About window. Screenshots of each state in $SHOTS.
. "$(dirname "$0")/../testbed/lib.sh"
. "$(dirname "$0")/diaglib.sh"
. "$(dirname "$0")/../pkcs11-clients/pin-dialog/guilib.sh"
. "$(dirname "$0")/diaggtklib.sh"
TOOL=${IAS_TOOL:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-tool/ias-tool}
bed_up
WORK=$BED
export HOME=$BED/home
mkdir -p "$HOME"
gui_up
trap 'close_window; gui_down; bed_down' EXIT

# state NAME: ias-diag --json, then the window in both languages: same verdicts; a screenshot of each
state() {
    run_diag "$1" --module "$MODULE"
    local cli_rc=$RC lang
    for lang in en fr; do
        open_window "$lang" --module "$MODULE" || return
        run_checks && same_verdicts "$1 ($lang)" "$WORK/$1.json" "$cli_rc"
        shot "$1-$lang"
    done
}

# --- healthy bed, and the reports saved from the window (the French window left open: what it saves is what
# ias-diag prints in French, the same renderers over the same checks) ---
cli_fr() { LANGUAGE=fr timeout 120 "$DIAG" --module "$MODULE" "$@" 2>/dev/null; }
state healthy
save_as healthy-window.txt && same_file "saved text = ias-diag --verbose (French)" \
    <(cli_fr --verbose) "$HOME/healthy-window.txt"
grep -q "^saved text $HOME/healthy-window.txt$" "$STATUS" && pass "saved as text at the chosen path" \
    || fail "no 'saved text' line"
save_as healthy-window.json && same_file "saved JSON = ias-diag --json (French)" <(cli_fr --json) \
    "$HOME/healthy-window.json"
await '^saved json ' && pass "a name ending in .json is saved as JSON"
# "Open the folder" appears after saving (Alt+O; Xvfb has no file manager: the line says whether one opened).
key_in "$WIN" alt+o
await '^launched folder [01]$' && pass "Open the folder: answered ($(grep '^launched folder' "$STATUS" | tail -1))"
# Copy (Alt+C): the clipboard holds the text report, as another program reads it.
key_in "$WIN" alt+c
await '^copied [0-9]+$' && clipboard_text "$WORK/clipboard.txt" && same_file "the clipboard holds ias-diag --verbose's report" \
    "$HOME/healthy-window.txt" "$WORK/clipboard.txt"
# Anonymise (Alt+A, the switch's mnemonic) runs the checks again with the CLI's --anonymise rules.
key_in "$WIN" alt+a
await '^anonymise 1$' && pass "the anonymise switch answers the keyboard"
for i in $(seq 1800); do [ "$(grep -c '^done ' "$STATUS")" -ge 2 ] && break; sleep 0.1; done  # hang guard
[ "$(grep -c '^done ' "$STATUS")" -ge 2 ] && pass "anonymise: the checks ran again" || fail "anonymise: no second run"
save_as anon-window.json && same_file "anonymised JSON = ias-diag --anonymise --json (French)" \
    <(cli_fr --anonymise --json) "$HOME/anon-window.json"
save_as anon-window.txt && same_file "anonymised text = ias-diag --anonymise --verbose (French)" \
    <(cli_fr --verbose --anonymise) "$HOME/anon-window.txt"
grep -q "Alice Testholder" "$HOME/anon-window.json" "$HOME/anon-window.txt" && fail "an anonymised report names the holder" \
    || pass "anonymised reports: no holder name"
close_window

# --- the About window, from the Help menu ---
for lang in en fr; do
    open_window "$lang" --module "$MODULE" || continue
    run_checks
    click_help
    await '^clicked help$' || fail "the Help menu did not open ($lang)"
    sleep 0.3
    xdotool key Down Return  # the menu opened on its first item (Documentation); About is the second
    if await '^clicked about$' 10; then
        pass "Help → About ($lang)"
        about_title="(About|À propos).*"  # GTK names it after the program
        about=$(find_window "$about_title") && shot "about-$lang" "$about" || fail "no About window ($lang)"
    else
        fail "no About from the Help menu ($lang)"
    fi
    close_window
done

# --- a wrong PIN typed before: the card check warns with the tries left ---
"$TOOL" pin verify --pin-id 01 --pin-insecure-argv 9999 >/dev/null 2>&1
[ $? -eq 4 ] && pass "ias-tool: a wrong PIN (exit 4)" || fail "ias-tool did not report a wrong PIN"
state warn
expect_value "after a wrong PIN: WARN with 2 tries left (ias-diag)" "$WORK/warn.json" \
    "check('card')['status'] + ' ' + details('card','pin')[0]['tries_left']" "WARN 2"
grep -q '^check card WARN$' "$STATUS" && pass "after a wrong PIN: the window's card line is WARN" || fail "no card WARN"
expect "the tries come back with the right PIN" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 1234

# --- no card ---
expect "stop-card" "$testbed" stop-card "$BED"
state nocard
grep -q '^check card FAIL$' "$STATUS" && pass "no card: the window's card line is FAIL" || fail "no card: no FAIL"
expect "start-card" "$testbed" start-card "$BED"

# --- pcscd down ---
"$testbed" down "$BED" >/dev/null 2>&1
state nopcscd
grep -q '^check pcsc FAIL$' "$STATUS" && pass "pcscd down: the window's PC/SC line is FAIL" || fail "pcscd down: no FAIL"
close_window
finish
