#!/bin/bash
# ias-sign-gtk (docs/ias-sign.md, "The window") on the test bed, under Xvfb, played with xdotool as a keyboard
# user: a document opened on the command line; Sign with a wrong PIN (the tries left), then with the
# qualified key (the signature PIN typed into the real ias-pinentry), Co-sign with the authentication key,
# Counter-sign the first signer (chosen with the keyboard). The window's tree (--status-fd lines) is checked
# against `ias-sign verify --json` node for node and the file against the independent witnesses (openssl cms
# -verify -cades, asn1crypto); then the document changed: the signers refused for the document, and a
# co-signature refused before the card; last, no card. English and French; light, dark and high-contrast
# screenshots.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
WINDOW_APP=${IAS_SIGN_GTK:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-sign-gtk/ias-sign-gtk}
WINDOW_SHOTS=${IAS_SIGN_GTK_SHOTS:-${IAS_BUILD_DIR:-$repo/build}/tests/ias-sign-gtk/shots}
APP_TITLE_EN="Sign documents" APP_TITLE_FR="Signer des documents"
# The window helpers (the bed, Xvfb, open_window, mark/await, focus_on, steady_shot, about_shot).
source "$here/../ias-browser/browserlib.sh"
source "$here/../ias-sign/signlib.sh"  # ias-sign, its witnesses, write_decision
bed_up
gui_up
export HOME="$BED/home"
mkdir -p "$HOME"
cd "$BED" || exit 1
write_decision
ROOT="$BED/pki/root-ca.pem"
SIGNATURE_PIN=123456 AUTH_PIN=1234

# tree: the signer lines of the last complete tree.
tree() { awk '/^signature /{buf=""} /^signer /{buf=buf $0 "\n"} /^tree end$/{t=buf} END{printf "%s", t}' "$STATUS"; }
# act CONTROL PIN: the button (Tab, Return), the PIN typed in ias-pinentry, Return.
act() {
    focus_on "$1" || return 1
    mark
    key_in "$WIN" Return
    local dialog; dialog=$(next_dialog_window)
    [ -n "$dialog" ] || { fail "no PIN dialog after \"$1\""; return 1; }
    type_in "$dialog" "$2" && key_in "$dialog" Return
}
# agrees_with_cli: the window's last tree and `ias-sign verify --json` list the same nodes (path, serial,
# verified) in the same order.
agrees_with_cli() {
    "$SIGN" verify decision.txt.p7s decision.txt --anchors "$ROOT" --json >"$BED/cli.json" 2>/dev/null
    tree >"$BED/window.tree"
    /usr/bin/python3 - "$BED/cli.json" "$BED/window.tree" <<'PY'
import json, re, sys
cli = [(s["path"], s["serial"].upper().lstrip("0"), "ok" if s["verified"] else "refused")
       for s in json.load(open(sys.argv[1]))["signers"]]
win = [(m.group(1), m.group(2).upper().lstrip("0"), m.group(3)) for m in
       (re.match(r"signer (\S+) depth=\d+ serial=(\S+) verdict=(\S+) ", l) for l in open(sys.argv[2])) if m]
print("  cli:   ", cli); print("  window:", win)
sys.exit(0 if cli == win and cli else 1)
PY
}

# --- a document without a signature: the window says so; Sign with the qualified key ---
open_window en --anchors "$ROOT" decision.txt
await '^state unsigned$' && pass "a document without a signature: unsigned, Sign offered" || fail "unsigned state"
[ -z "$(tree)" ] && pass "...no signer listed" || fail "signers listed: $(tree)"
# A wrong PIN first: refused by the card, the tries left in the window's words, no file.
act "Sign the document" 999999
await '^action sign failed 4 tries=2$' && pass "a wrong PIN: failed 4 (wrong PIN), 2 tries left" \
    || fail "wrong PIN: $(grep '^action' "$STATUS" | tail -1)"
[ ! -e decision.txt.p7s ] && pass "...no signature file" || fail "a file after a wrong PIN"
steady_shot "$WIN" ias-sign-gtk-en-wrong-pin
: >"$BED/apdu.log"
act "Sign the document" "$SIGNATURE_PIN"
await '^action sign ok$' && await '^state ready$' && pass "Sign: done, the file read again" \
    || { fail "sign"; cat "$BED/app.err"; }
grep -c '^state busy sign key=qualified$' "$STATUS" >/dev/null && pass "...with the qualified key (the default)" || fail "key line"
[ "$(tree | grep -c '^signer 1 depth=0 .* verdict=ok qualified=1 ')" = 1 ] && [ "$(tree | wc -l)" = 1 ] \
    && pass "one verified, qualified signer: $(tree)" || fail "tree after sign: $(tree)"
[ "$(verifies_with_pin)" = 1 ] && pass "one VERIFY with a PIN reached the card" || fail "VERIFY count $(verifies_with_pin)"
expect "openssl cms -verify -cades accepts the window's signature" openssl cms -verify -cades -binary -purpose any \
    -inform DER -in decision.txt.p7s -content decision.txt -CAfile "$ROOT" -out /dev/null
expect "asn1crypto: attributes, digest and signature (attributes_check.py)" $witness decision.txt.p7s decision.txt
steady_shot "$WIN" ias-sign-gtk-en-signed

# --- Co-sign with the authentication key (chosen in the key list with the keyboard) ---
focus_on "Key to sign with"
mark
key_in "$WIN" Return && sleep 0.5 && xdotool key Down && xdotool key Return
await '^key auth$' && pass "the authentication key chosen with the keyboard" || fail "key choice"
act "Co-sign: add your signature beside the others" "$AUTH_PIN"
await '^state busy cosign key=auth$' && await '^action cosign ok$' && await '^state ready$' \
    && pass "Co-sign with the authentication key: done" || fail "cosign"
[ "$(tree | grep -c '^signer [12] depth=0 .* verdict=ok ')" = 2 ] && pass "two verified signers at the top" \
    || fail "tree after cosign: $(tree)"
[ "$(tree | grep -c 'verdict=ok qualified=0 ')" = 1 ] && pass "...one of them not qualified (the authentication key)" \
    || fail "qualified marks: $(tree)"

# --- Counter-sign the first signer, selected with the keyboard, with the qualified key ---
focus_on "Key to sign with"
mark
key_in "$WIN" Return && sleep 0.5 && xdotool key Up && xdotool key Return
await '^key qualified$' || fail "key back to qualified"
# Tab reaches the tree at one row (a list is one stop); Home moves to its first row and selects it.
for i in $(seq 30); do
    mark
    key_in "$WIN" Tab
    await '^focus ' 5 >/dev/null && tail -n +$((MARK + 1)) "$STATUS" | grep -c '^focus Signer ' >/dev/null && break
done
key_in "$WIN" Home  # (the focus may be on the first row already: no focus line to wait for)
mark
key_in "$WIN" Return
await '^selected 1$' && pass "the first signer chosen with the keyboard (Tab into the tree, Home, Return)" \
    || fail "selection"
steady_shot "$WIN" ias-sign-gtk-en-chosen
parent_serial=$(tree | sed -n 's/^signer 1 depth=0 serial=\([0-9A-Fa-f]*\) .*/\1/p')
act "Counter-sign the selected signature" "$SIGNATURE_PIN"
await '^action countersign ok$' && await '^state ready$' && pass "Counter-sign: done" || fail "countersign"
tree | sed 's/^/    /'
[ "$(tree | wc -l)" = 3 ] && [ "$(tree | grep -c ' depth=0 ')" = 2 ] && [ "$(tree | grep -c ' depth=1 ')" = 1 ] \
    && pass "three nodes: two signers and one counter-signer under one of them" || fail "depths: $(tree)"
[ "$(tree | grep -c 'verdict=ok')" = 3 ] && pass "...all verified" || fail "verdicts: $(tree)"
counter_parent=$(tree | sed -n 's/^signer \([0-9]*\)\.1 depth=1 .*/\1/p')
[ -n "$parent_serial" ] && tree | grep -c "^signer $counter_parent depth=0 serial=$parent_serial " >/dev/null \
    && pass "...under the signer chosen (serial $parent_serial)" || fail "counter-signed the wrong signer"
agrees_with_cli && pass "ias-sign verify --json agrees node for node (paths, serials, verdicts)" \
    || fail "the window and ias-sign verify disagree"
expect "openssl cms -verify -cades accepts both signers" openssl cms -verify -cades -binary -purpose any \
    -inform DER -in decision.txt.p7s -content decision.txt -CAfile "$ROOT" -out /dev/null
expect "asn1crypto accepts every signer" $witness decision.txt.p7s decision.txt
steady_shot "$WIN" ias-sign-gtk-en-tree
about_shot "About" ias-sign-gtk-en-about F1
grep -cwE "$SIGNATURE_PIN|$AUTH_PIN" "$STATUS" >/dev/null && fail "a PIN in the status lines" \
    || pass "no PIN in the status lines"

# --- French, dark and high contrast ---
open_window fr --anchors "$ROOT" decision.txt
await '^state ready$' || fail "fr"
steady_shot "$WIN" ias-sign-gtk-fr-tree
APP_ENV="GTK_THEME=Adwaita:dark" open_window en --anchors "$ROOT" decision.txt
await '^state ready$' || fail "dark"
steady_shot "$WIN" ias-sign-gtk-en-dark
APP_ENV="GTK_THEME=HighContrast" open_window fr --anchors "$ROOT" decision.txt
await '^state ready$' || fail "high contrast"
steady_shot "$WIN" ias-sign-gtk-fr-high-contrast

# --- the document changed: F5 shows the signers refused for the document; co-signing is refused ---
open_window en --anchors "$ROOT" decision.txt.p7s  # a .p7s opened stands for its document
await '^state ready$' && grep -c "^document $BED/decision.txt\$\|^document decision.txt\$" "$STATUS" >/dev/null \
    && pass "a .p7s opened: its document found" || fail "open by signature: $(grep '^document' "$STATUS")"
printf 'Décision n° 43: the committee rejects the budget.\n' >decision.txt
mark
key_in "$WIN" F5
await '^tree end$' || fail "verify again"
[ "$(tree | grep -c '^signer [12] depth=0 .*verdict=refused .*reason="the document.s SHA256 differs')" = 2 ] \
    && pass "both signers refused: the document differs from the signed digest" || fail "after change: $(tree)"
agrees_with_cli && pass "...as ias-sign verify --json says" || fail "the window and ias-sign verify disagree (changed)"
steady_shot "$WIN" ias-sign-gtk-en-changed
: >"$BED/apdu.log"
focus_on "Co-sign: add your signature beside the others"
mark
key_in "$WIN" Return
await '^action cosign failed 14$' && pass "co-signing a changed document refused (14) before the card" \
    || fail "cosign of a changed document"
[ "$(verifies_with_pin)" = 0 ] && pass "...no PIN reached the card" || fail "VERIFY count $(verifies_with_pin)"
steady_shot "$WIN" ias-sign-gtk-en-refused
open_window fr --anchors "$ROOT" decision.txt
await '^state ready$' || fail "fr changed"
steady_shot "$WIN" ias-sign-gtk-fr-changed

# --- no card: Sign says so, before any PIN is asked ---
"$testbed" stop-card "$BED" >/dev/null || fail "stop-card"
printf 'Another decision.\n' >other.txt
open_window fr --anchors "$ROOT" other.txt
await '^state unsigned$' || fail "other document"
focus_on "Signer le document"  # (the controls' names are in the window's language)
mark
key_in "$WIN" Return
await '^action sign failed 3$' && pass "no card: failed 3 (no card), no PIN dialog" || fail "no card"
[ -z "$(xdotool search --onlyvisible --name "^$DIALOG_TITLE\$" 2>/dev/null)" ] && pass "...no PIN dialog shown" \
    || fail "a PIN dialog without a card"
steady_shot "$WIN" ias-sign-gtk-fr-no-card
close_window
finish
