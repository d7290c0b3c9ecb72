#!/bin/bash
# PIN-pad readers (issue 5): the test bed with the project's PIN-pad driver in pcscd (scripts/testbed up
# --pinpad) and the unchanged virtual card. What the "user types" is written to DIR/pinpad.typed before each
# entry; the driver logs what it did (never the digits) to DIR/pinpad.typed.log.
# Checks: feature discovery (the authentication token has the protected path, the signature token, whose
# VERIFY goes under SM, has not); OpenSC's own PIN-pad path logs in through the driver (the outside witness);
# ias-tool and the module (C_Login(NULL)) log in on the pad with a VERIFY 00 20 00 01 of 8 bytes (FF-padded
# block) in the card's APDU log; a wrong typed PIN costs one try and says how many are left; cancel and
# timeout come back as exit 11 / CKR_FUNCTION_CANCELED; the SO logs in with the PUK on the pad and C_InitPIN
# unblocks with the PUK typed there again; a PIN change on the pad (ias-tool and C_SetPIN(NULL,
# NULL)) persists across restart-card; the signature PIN still works on the host path; and the process that
# logged in through the pad never held the PIN (gcore -a, zero occurrences), while the same search finds the
# PIN in a process that gave it itself (the control).
source "$(dirname "$0")/../pkcs11-clients/clientlib.sh"
TOOL=${IAS_TOOL:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-tool/ias-tool}
HOST=${IAS_PAD_LOGIN_HOST:-${IAS_BUILD_DIR:-$repo/build}/tests/pinpad/pad_login_host}
client_bed_up --pinpad
unset DISPLAY WAYLAND_DISPLAY  # no notice window: the reader just asks
TYPED="$BED/pinpad.typed"
PADLOG="$BED/pinpad.typed.log"
type_on_pad() { printf '%s\n' "$@" > "$TYPED"; }
# the number of VERIFY (with data) / CHANGE commands the card has seen for the authentication PIN
verifies() { grep -c '^C 00200001 ' "$BED/apdu.log"; }
changes() { grep -c '^C 00240001 ' "$BED/apdu.log"; }
tokens() { pkcs11-tool --module "$MODULE" -L 2>/dev/null; }
flags_of() { tokens | awk -v w="$1" '/token label/ { mine = index($0, w) > 0 } mine && /token flags/ { print; exit }'; }
p11() { pkcs11-tool --module "$MODULE" --slot-index 0 "$@"; }

# --- discovery ---
expect_out "the reader is the PIN-pad driver" "IAS PIN-pad Reader 00 00" "$TOOL" readers
expect_out "the authentication token has the protected authentication path (PIN pad present)" "PIN pad present" \
    flags_of Auth
expect "the signature token has not (its VERIFY goes under SM, which a pad cannot wrap)" \
    bash -c "! pkcs11-tool --module '$MODULE' -L 2>/dev/null | awk '/token label/ { m = /Signature/ } m && /token flags/ { print; exit }' | grep -q 'PIN pad'"
expect_out "the driver was asked for its features (CM_IOCTL_GET_FEATURE_REQUEST)" "features requested" cat "$PADLOG"

# --- OpenSC's pinpad path through the driver (independent client of the driver) ---
type_on_pad "$AUTH_PIN"
expect_out "OpenSC logs in on the pad (C_Login with no PIN)" "Private Key Object" \
    pkcs11-tool --module "$P11" --slot-index 0 -l -O

# --- ias-tool ---
v0=$(verifies)
type_on_pad "$AUTH_PIN"
expect_out "ias-tool pin verify on the pad" "verified \(PIN-pad\)" "$TOOL" pin verify --pin-id 01
expect "...one VERIFY with data reached the card" test "$(verifies)" = $((v0 + 1))
expect_out "...the card saw an 8-byte block (FF-padded to the maximum length)" "^C 00200001 08 " \
    tail -n 50 "$BED/apdu.log"
expect_out "...the driver filled an ASCII block of 8 and the card said 90 00" \
    "verify 00 20 00 01 ascii block 8 min 4 max 8 -> card 90 00" tail -n 1 "$PADLOG"
type_on_pad 9999
"$TOOL" pin verify --pin-id 01 >"$BED/tool.out" 2>&1
expect "ias-tool: a wrong PIN on the pad exits 4" test $? = 4
expect_out "...and says 2 tries left" "2 tries left" cat "$BED/tool.out"
expect_out "...the card's counter says 2" "^2$" tries_left 01
type_on_pad cancel
"$TOOL" pin verify --pin-id 01 >"$BED/tool.out" 2>&1
expect "ias-tool: cancel on the pad exits 11" test $? = 11
expect_out "...reported as cancelled" "cancelled" cat "$BED/tool.out"
type_on_pad timeout
"$TOOL" pin verify --pin-id 01 >"$BED/tool.out" 2>&1
expect "ias-tool: timeout on the pad exits 11" test $? = 11
expect_out "...reported as timed out" "timed out" cat "$BED/tool.out"
expect_out "...cancel and timeout never reached the card (still 2 tries left)" "^2$" tries_left 01

# --- the module: C_Login(NULL) ---
v0=$(verifies)
type_on_pad "$AUTH_PIN"
expect_out "module: C_Login(NULL) on the pad, then the private key is listed" "Private Key Object" p11 -l -O
expect "...one VERIFY reached the card" test "$(verifies)" = $((v0 + 1))
expect_out "...the PIN is verified (counter back at its maximum)" "^(verified|3)$" tries_left 01
type_on_pad 9999
expect_out "module: a wrong PIN on the pad → CKR_PIN_INCORRECT" "CKR_PIN_INCORRECT" p11 -l -O
expect_out "...2 tries left on the card" "^2$" tries_left 01
type_on_pad cancel
expect_out "module: cancel on the pad → CKR_FUNCTION_CANCELED" "CKR_FUNCTION_CANCELED" p11 -l -O
type_on_pad "$AUTH_PIN"
"$HOST" "$MODULE" pad </dev/null >"$BED/tool.out" 2>&1
expect "module: a signature after C_Login(NULL) on the pad (pad_login_host)" grep -q '^sign rv 0x0$' "$BED/tool.out"
expect "...the token reported the protected path" grep -q "protected path 1" "$BED/tool.out"

# --- unblock: the SO logs in on the pad with the PUK, C_InitPIN has the PUK typed on the pad again ---
PUK=12345678
type_on_pad 9999
"$TOOL" pin verify --pin-id 01 >/dev/null 2>&1
expect_out "a wrong PIN leaves 2 tries" "^2$" tries_left 01
type_on_pad "$PUK"
expect_out "module: SO login on the pad, C_InitPIN with a new PIN (PUK typed on the pad twice)" \
    "User PIN successfully initialized|successfully" p11 --login --login-type so --init-pin --new-pin "$AUTH_PIN"
expect_out "...the PIN has its 3 tries back" "^3$" tries_left 01
expect "...and the PIN works" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv "$AUTH_PIN"
expect_out "...the PUK's VERIFY went through the pad" "verify 00 20 00 02 ascii block 8 min 8 max 8 -> card 90 00" \
    cat "$PADLOG"

# --- ias-tool pin unblock: the PUK typed on the pad, counter only (--keep-pin) ---
type_on_pad 9999
"$TOOL" pin verify --pin-id 01 >/dev/null 2>&1
expect_out "a wrong PIN leaves 2 tries" "^2$" tries_left 01
p0=$(grep -c 'verify 00 20 00 02 ' "$PADLOG")
type_on_pad "$PUK"
expect_out "ias-tool pin unblock --keep-pin with the PUK on the pad" "unblocked \(.*PIN-pad\)" \
    "$TOOL" pin unblock --pin-id 01 --keep-pin
expect "...the PUK's VERIFY went through the pad" test "$(grep -c 'verify 00 20 00 02 ascii block 8 min 8 max 8 -> card 90 00' "$PADLOG")" = $((p0 + 1))
expect_out "...then RESET RETRY COUNTER, counter only (P1 03)" "^C 002C0301" tail -n 5 "$BED/apdu.log"
expect_out "...the PIN has its 3 tries back" "^3$" tries_left 01
type_on_pad 00000000
"$TOOL" pin unblock --pin-id 01 --keep-pin >"$BED/tool.out" 2>&1
expect "ias-tool: a wrong PUK on the pad exits 4" test $? = 4
expect_out "...and says how many PUK tries are left" "tries left" cat "$BED/tool.out"
type_on_pad "$PUK"
expect "...the right PUK on the pad restores the PUK's counter" "$TOOL" pin unblock --pin-id 01 --keep-pin

# --- PIN change on the pad persists across a card restart ---
c0=$(changes)
type_on_pad "$AUTH_PIN" 4321 4321
expect_out "ias-tool pin change on the pad" "changed \(PIN-pad\)" "$TOOL" pin change --pin-id 01
expect "...one CHANGE REFERENCE DATA with two 8-byte blocks" grep -q '^C 00240001 10 ' "$BED/apdu.log"
type_on_pad "$AUTH_PIN" 4321 4322
expect_out "a new PIN and a different confirmation stop at the pad" "differ" "$TOOL" pin change --pin-id 01
expect "...nothing reached the card" test "$(changes)" = $((c0 + 1))
expect "restart-card" "$testbed" restart-card "$BED"
expect_not "after the restart the old PIN is refused (host path)" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv "$AUTH_PIN"
expect "...the PIN typed on the pad works (host path)" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 4321
type_on_pad 4321 "$AUTH_PIN" "$AUTH_PIN"
expect_out "module: C_SetPIN(NULL, NULL) changes it back on the pad" "PIN successfully changed" p11 --change-pin
expect "restart-card" "$testbed" restart-card "$BED"
expect "...the PIN set by the module persists" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv "$AUTH_PIN"

# --- the signature PIN keeps the host path (VERIFY under SM) ---
expect "the signature PIN verifies on the host path, under SM" \
    "$TOOL" pin verify --pin-id 02 --pin-insecure-argv "$SIGN_PIN"
expect_out "...its VERIFY went under secure messaging (0C 20 00 81)" "^C 0C200081" tail -n 20 "$BED/apdu.log"

# --- the PIN never entered the host process ---
# A PIN seen nowhere else: set on the pad, typed on the pad, looked for in a core of the logged-in process.
SECRET=739150
type_on_pad "$AUTH_PIN" "$SECRET" "$SECRET"
expect "set a distinctive PIN on the pad" "$TOOL" pin change --pin-id 01
core_hits() {  # core_hits MODE [PIN]: occurrences of SECRET (ASCII, and as the FF-padded block) in a core
    local fifo="$BED/host.in" out="$BED/host.out" pid hits
    rm -f "$fifo" "$BED"/core.*
    mkfifo "$fifo"
    "$HOST" "$MODULE" "$@" <"$fifo" >"$out" 2>&1 &
    pid=$!
    exec 9>"$fifo"
    for _ in $(seq 600); do grep -q '^ready' "$out" && break; sleep 0.1; done  # hang guard: 60 s
    if ! grep -q '^sign rv 0x0$' "$out"; then echo "host did not log in: $(cat "$out")" >&2; echo -1; fi
    gcore -a -o "$BED/core" "$pid" >/dev/null 2>&1
    hits=$(/usr/bin/python3 -c '
import sys
data = open(sys.argv[1], "rb").read()
pin = sys.argv[2].encode()
block = pin + b"\xff" * (8 - len(pin))
print(data.count(pin) + data.count(block))' "$BED/core.$pid" "$SECRET" 2>/dev/null || echo -1)
    echo x >&9
    exec 9>&-
    wait "$pid"
    rm -f "$BED/core.$pid"
    echo "$hits"
}
type_on_pad "$SECRET"
pad_hits=$(core_hits pad | tail -1)
echo "core of the process that logged in on the pad: $pad_hits occurrence(s) of the PIN"
expect "the host process that logged in on the pad never held the PIN (0 occurrences)" test "$pad_hits" = 0
host_hits=$(core_hits host "$SECRET" | tail -1)
echo "core of a process that gave the PIN itself (control): $host_hits occurrence(s)"
expect "control: the same search finds the PIN in a process that gave it" test "$host_hits" -gt 0
type_on_pad "$SECRET" "$AUTH_PIN" "$AUTH_PIN"
expect "the test PIN is restored on the pad" "$TOOL" pin change --pin-id 01

finish
