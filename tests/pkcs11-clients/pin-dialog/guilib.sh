# The PIN dialog tests' desktop: a private Xvfb (first free display, -noreset: see docs/pin-ui.md) and a
# session bus, stopped on exit together with the test bed; helpers to find the dialog and play the user.
# Source after ../clientlib.sh.
PROBE=${IAS_PIN_DIALOG_PROBE:-${IAS_BUILD_DIR:-$repo/build}/tests/pkcs11-clients/pin-dialog/pin_dialog_probe}
export IAS_PINENTRY=${IAS_PINENTRY:-${IAS_BUILD_DIR:-$repo/build}/pin-ui/ias-pinentry}
DIALOG_TITLE="Smart card PIN"
XVFB_PID= BUS_PID=

gui_up() {
    local fifo="$BED/xvfb.display"
    Xvfb -displayfd 3 -noreset -screen 0 1024x768x24 -nolisten tcp 3>"$fifo" 2>"$BED/xvfb.log" &
    XVFB_PID=$!
    local i
    for i in $(seq 600); do [ -s "$fifo" ] && break; sleep 0.1; done  # waits are hang guards: 60 s
    [ -s "$fifo" ] || { echo "FAIL: Xvfb did not start"; exit 1; }
    export DISPLAY=":$(head -1 "$fifo")"
    unset WAYLAND_DISPLAY
    export GSK_RENDERER=cairo LANG=C.UTF-8 LANGUAGE=en
    dbus-daemon --session --nofork --nopidfile --print-address=3 3>"$BED/bus.address" 2>/dev/null &
    BUS_PID=$!
    for i in $(seq 600); do [ -s "$BED/bus.address" ] && break; sleep 0.1; done
    DBUS_SESSION_BUS_ADDRESS=$(head -1 "$BED/bus.address")
    export DBUS_SESSION_BUS_ADDRESS
    trap 'gui_down; bed_down' EXIT
}

gui_down() {
    [ -n "$BUS_PID" ] && kill "$BUS_PID" 2>/dev/null
    [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null
    wait 2>/dev/null
}

# dialog_window: the dialog's window id once it is on screen (empty after 60 s, a hang guard).
dialog_window() {
    local i id
    for i in $(seq 600); do
        id=$(xdotool search --onlyvisible --name "^$DIALOG_TITLE\$" 2>/dev/null | head -1)
        [ -n "$id" ] && { echo "$id"; return; }
        sleep 0.1
    done
}
# next_dialog_window: the next dialog's window once the current one has gone (a new client may get the same
# window id as the one that left, so the id alone cannot tell them apart).
next_dialog_window() {
    local i
    for i in $(seq 600); do
        [ -z "$(xdotool search --onlyvisible --name "^$DIALOG_TITLE\$" 2>/dev/null)" ] && break
        sleep 0.1
    done
    dialog_window
}
type_in() { xdotool windowfocus --sync "$1" && xdotool type --delay 40 "$2"; }
key_in() { xdotool windowfocus --sync "$1" && xdotool key "$2"; }
# shot WINDOW NAME: a screenshot of the dialog in $BED/NAME.png (kept when IAS_PIN_SHOTS names a directory).
shot() {
    sleep 0.4
    import -window "$1" "$BED/$2.png" 2>/dev/null
    [ -n "${IAS_PIN_SHOTS:-}" ] && mkdir -p "$IAS_PIN_SHOTS" && cp "$BED/$2.png" "$IAS_PIN_SHOTS/"
    return 0
}

# The VERIFY commands that carried a PIN: "C 002000xx ***" in the APDU log (plain, or class 0C under SM).
# A VERIFY without data ("C 00200001", a status query) does not count.
verifies_with_pin() { grep -Eic '^C (00|0C)2000[0-9A-F]{2} ' "$BED/apdu.log"; }
# digest_info FILE OUT: the SHA-256 DigestInfo of FILE (what CKM_RSA_PKCS signs for a SHA-256 signature).
digest_info() {
    { printf '\x30\x31\x30\x0d\x06\x09\x60\x86\x48\x01\x65\x03\x04\x02\x01\x05\x00\x04\x20'
      openssl dgst -sha256 -binary "$1"; } >"$2"
}
# rv_of STEP FILE: the rv the probe printed for that step (last one).
rv_of() { sed -n "s/^step $1 rv=\(0x[0-9a-f]*\).*/\1/p" "$2" | tail -1; }
ms_of() { sed -n "s/^step $1 rv=0x[0-9a-f]* ms=\([0-9]*\)/\1/p" "$2" | tail -1; }
