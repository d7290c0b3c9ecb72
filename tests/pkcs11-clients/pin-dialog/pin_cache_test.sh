#!/bin/bash
# The optional PIN cache (pin.cache = yes): a login survives a reset by another process (the module verifies
# the cached PIN again: a second VERIFY in the APDU log); the cache is wiped on C_Logout, C_Finalize, card
# removal and after pin.cache_timeout (then the reset gives CKR_USER_NOT_LOGGED_IN, as without a cache);
# off by default. The wipes are also named in the debug log ("PIN cache: ... wiped").
source "$(dirname "${BASH_SOURCE[0]}")/../clientlib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/guilib.sh"
client_bed_up
export IAS_ECC_LOG=debug
base_conf=$IAS_ECC_CONF
conf() {
    export IAS_ECC_CONF="$W/ias-ecc.conf"
    { cat "$base_conf"; printf '%s\n' "$@"; } >"$IAS_ECC_CONF"
}
echo "document signed after a reset" >"$W/doc.txt"
digest_info "$W/doc.txt" "$W/doc.di"
# The holder's key as the test bed's PKI made it (openssl), not as the module reads it.
openssl x509 -in "$BED/pki/auth.pem" -pubkey -noout >"$W/auth.pub" || fail "authentication public key"
RESET="run=opensc-tool -r 0 --reset >/dev/null 2>&1"
SIGN="sign=$W/doc.di:$W/doc.sig"

# Default: no cache, the reset costs the login.
conf
"$PROBE" "$MODULE" 0 login=$AUTH_PIN "$SIGN" "$RESET" "$SIGN" >"$W/default.txt" 2>&1
[ "$(rv_of sign "$W/default.txt")" = 0x101 ] && pass "no cache (default): after a reset CKR_USER_NOT_LOGGED_IN" \
    || { fail "default after reset"; cat "$W/default.txt"; }

# Cache on, within its lifetime: the reset is survived by a second VERIFY.
conf "pin.cache = yes" "pin.cache_timeout = 60"
: >"$BED/apdu.log"
"$PROBE" "$MODULE" 0 login=$AUTH_PIN "$SIGN" "$RESET" "$SIGN" >"$W/cached.txt" 2>"$W/cached.err"
[ "$(rv_of sign "$W/cached.txt")" = 0x0 ] && openssl dgst -sha256 -verify "$W/auth.pub" -signature "$W/doc.sig" \
    "$W/doc.txt" >/dev/null 2>&1 && pass "pin.cache = yes: the signature after the reset works and verifies" \
    || { fail "cache: signature after reset"; cat "$W/cached.txt" "$W/cached.err"; }
# After the reset ("# power on" in the log, opensc-tool --reset) exactly one VERIFY carried the PIN.
read -r resets after < <(awk '/^# power on/ {n = 0; seen++} /^C (00|0C)2000[0-9A-F][0-9A-F] / {n++}
    END {print seen + 0, n + 0}' "$BED/apdu.log")
[ "$resets" -ge 1 ] && [ "$after" -eq 1 ] && pass "the APDU log shows the reset, then one VERIFY (the cached PIN)" \
    || { fail "reset $resets / VERIFY after it $after"; tail -30 "$BED/apdu.log"; }

# Logout wipes: a login after the logout is needed, and the log says the cache was wiped.
"$PROBE" "$MODULE" 0 login=$AUTH_PIN logout "$RESET" login=$AUTH_PIN >"$W/logout.txt" 2>"$W/logout.err"
grep -q "PIN cache: .*wiped (logout)" "$W/logout.err" && pass "C_Logout wipes the cached PIN" \
    || { fail "logout wipe"; cat "$W/logout.err"; }

# The timeout: after it the reset costs the login again.
conf "pin.cache = yes" "pin.cache_timeout = 2"
"$PROBE" "$MODULE" 0 login=$AUTH_PIN "$SIGN" sleep=3 "$RESET" "$SIGN" >"$W/timeout.txt" 2>"$W/timeout.err"
[ "$(rv_of sign "$W/timeout.txt")" = 0x101 ] && pass "after pin.cache_timeout: the reset gives CKR_USER_NOT_LOGGED_IN" \
    || { fail "timeout"; cat "$W/timeout.txt" "$W/timeout.err"; }
grep -q "PIN cache: .*wiped (timeout)" "$W/timeout.err" && pass "the timeout wipe is logged" || fail "timeout log"

# C_Finalize wipes: it logs the token out (docs/pkcs11.md), and the connection ends with it; a new
# C_Initialize starts logged out.
conf "pin.cache = yes" "pin.cache_timeout = 60"
"$PROBE" "$MODULE" 0 login=$AUTH_PIN finalize "$RESET" "$SIGN" >"$W/finalize.txt" 2>"$W/finalize.err"
grep -qE "PIN cache: .*wiped \((logout|connection closed)\)" "$W/finalize.err" && [ "$(rv_of sign "$W/finalize.txt")" != 0x0 ] \
    && pass "C_Finalize wipes the cached PIN (no signature after finalize and reset)" \
    || { fail "finalize wipe"; cat "$W/finalize.txt" "$W/finalize.err"; }

# Card removal wipes.
"$PROBE" "$MODULE" 0 login=$AUTH_PIN "run=$testbed stop-card $BED >/dev/null 2>&1" "$SIGN" \
    "run=$testbed start-card $BED >/dev/null 2>&1" >"$W/removal.txt" 2>"$W/removal.err"
grep -q "PIN cache: .*wiped (connection closed)" "$W/removal.err" && pass "card removal wipes the cached PIN" \
    || { fail "removal wipe"; cat "$W/removal.txt" "$W/removal.err"; }
finish
