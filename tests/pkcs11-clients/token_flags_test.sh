#!/bin/bash
# Token flags from the card's retry counters (issue 4): wrong PINs entered by another process (ias-tool,
# our card layer without the module) show in a new process's C_GetTokenInfo (pkcs11-tool -L) as
# CKF_USER_PIN_COUNT_LOW, then _FINAL_TRY, and a blocked PIN as _LOCKED, with C_Login refused
# (CKR_PIN_LOCKED) without a VERIFY; SO flags from the PUK likewise. The counters cost APDUs once per
# insertion, at the first C_GetTokenInfo of each token; a second C_GetTokenInfo costs none
# (startup_figures and persistent_cache count the start-up).
source "$(dirname "$0")/clientlib.sh"
TOOL=${IAS_TOOL:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-tool/ias-tool}
client_bed_up

# flags LABEL_WORD: the token flags pkcs11-tool -L shows for the token whose label has that word.
flags() {
    pkcs11-tool --module "$MODULE" -L 2>/dev/null |
        awk -v w="$1" '/token label/ { mine = index($0, w) > 0 } mine && /token flags/ { print; exit }'
}
# no FLAG_REGEX LABEL_WORD: that token's flags do not match
no() { ! flags "$2" | grep -cE -- "$1" >/dev/null; }

f=$(flags "Auth"); echo "fresh card, authentication token: $f"
expect "fresh card: no PIN counter flag on the authentication token" no "count low|final|locked" Auth
expect_out "...PIN initialized shown" "PIN initialized" flags "Auth"

"$TOOL" pin verify --pin-id 01 --pin-insecure-argv 9999 >/dev/null 2>&1
expect "ias-tool: one wrong authentication PIN (exit 4)" test $? = 4
f=$(flags "Auth"); echo "after 1 wrong PIN: $f"
expect_out "a new process shows user PIN count low" "user PIN count low" flags "Auth"
expect "...and not final try" no "final user PIN try" Auth
expect "...the signature token's user flags are untouched" no "user PIN count low" Signature

"$TOOL" pin verify --pin-id 01 --pin-insecure-argv 9999 >/dev/null 2>&1
f=$(flags "Auth"); echo "after 2 wrong PINs: $f"
expect_out "two wrong PINs: final user PIN try" "final user PIN try" flags "Auth"
expect_out "...and count low" "user PIN count low" flags "Auth"

"$TOOL" pin verify --pin-id 01 --pin-insecure-argv 9999 >/dev/null 2>&1
f=$(flags "Auth"); echo "after 3 wrong PINs: $f"
expect_out "blocked PIN: user PIN locked" "user PIN locked" flags "Auth"
: >"$BED/apdu.log"
out=$(pkcs11-tool --module "$MODULE" --token-label "IAS-ECC Test Card Auth PIN" --login --pin "$AUTH_PIN" -O 2>&1)
expect "...C_Login refused with CKR_PIN_LOCKED" grep -q CKR_PIN_LOCKED <<<"$out"
expect "...and no VERIFY with a PIN sent (only status queries)" bash -c "! grep -Eq '^C 00 ?20 ?00 ?01 ?0[48]' '$BED/apdu.log'"

# The SO PIN (PUK, 10 tries): one wrong value shows as SO PIN count low on both tokens.
"$TOOL" pin verify --pin-id 03 --pin-insecure-argv 87654321 >/dev/null 2>&1
expect "ias-tool: one wrong PUK (exit 4)" test $? = 4
expect_out "SO PIN count low on the authentication token" "SO PIN count low" flags "Auth"
expect_out "...and on the signature token" "SO PIN count low" flags "Signature"

# Unblock with the PUK (ias-tool): the counters are back at their maximum, no flag left.
"$TOOL" pin unblock --pin-id 01 --pin-insecure-argv 12345678 --pin-insecure-argv "$AUTH_PIN" >/dev/null 2>&1
expect "ias-tool unblock" test $? = 0
f=$(flags "Auth"); echo "after the unblock: $f"
expect "unblocked: no user PIN flag" no "user PIN count low|final user PIN try|user PIN locked" Auth
expect "...and no SO PIN flag (a right PUK resets its counter)" no "SO PIN" Auth
finish
