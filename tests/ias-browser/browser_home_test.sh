#!/bin/bash
# ias-browser's card home page (docs/ias-browser.md), read back through --status-fd and checked against
# independent witnesses: OpenSC's pkcs15-tool (the PINs' tries left, the certificates), openssl x509 on the
# certificates OpenSC reads (serial, dates) and Python for the days left. A PIN blocked by ias-tool in
# another process shows as blocked after F5, with the unblock offered (ias-pin-change opens on it); the
# certificates exported through the real file chooser (DER and PEM) equal OpenSC's; the card out → "insert
# your card", back → the page; pcscd gone → its own state. English and French; light, dark and
# high-contrast screenshots. Keys, certificates, details, exports and chains are checked on both card
# profiles; the rest (PIN flows, card events, readers, languages, themes) on the standard card only.
source "$(dirname "${BASH_SOURCE[0]}")/browserlib.sh"
bed_up "${@}"
. "$BED/testbed.env"  # PROFILE, VPCD_PORT
gui_up
export HOME="$BED/home"
mkdir -p "$HOME"

# --- OpenSC's view: each PIN's reference and path (pkcs15-tool --list-pins), its counter from the card
# (opensc-tool: VERIFY without data in the PIN's DF), the certificate iDs ---
pkcs15-tool --list-pins >"$BED/opensc-pins.txt" 2>&1 || fail "pkcs15-tool --list-pins"
opensc_pin_field() {  # opensc_pin_field ID FIELD: a field of the PIN whose own ID is ID
    awk -v id="$1" -v f="$2" '/^PIN \[/{cur=""; lab=$0; sub(/^PIN \[/,"",lab); sub(/\]$/,"",lab)}
        $1=="ID"{cur=$NF} $1==f && cur==id {print $NF} f=="Label" && cur==id && !done {print lab; done=1}' \
        "$BED/opensc-pins.txt" | head -1
}
opensc_tries() {  # opensc_tries ID: tries left, "blocked" or "verified", as the card answers OpenSC
    local ref path select out
    ref=$(opensc_pin_field "$1" Reference | tr -d '()' | sed 's/^0x//')
    path=$(opensc_pin_field "$1" Path)
    if [ "$path" = 3f00 ]; then select="00 A4 00 0C 02 3F 00"; else
        aid=${path%%::*}; select="00 A4 04 0C $(printf '%02X' $((${#aid} / 2))) $aid"; fi
    out=$(opensc-tool -s "$select" -s "00 20 00 $ref" 2>&1 | tail -1)
    case $out in
    *"SW1=0x63, SW2=0xC"*) echo $((16#${out: -2:1})) ;;
    *"SW1=0x69, SW2=0x83"*) echo blocked ;;
    *) echo "?($out)" ;;
    esac
}
pkcs15-tool --list-certificates >"$BED/opensc-certs.txt" 2>&1 || fail "pkcs15-tool --list-certificates"
cert_ids=$(awk '/^[[:space:]]*ID/{print toupper($NF)}' "$BED/opensc-certs.txt")
[ -n "$cert_ids" ] || fail "OpenSC lists no certificate"

# --- English: the page ---
open_window en
await '^page end$' && await '^state ready ' || fail "the card page (en)"
page=$(last_page)
echo "$page" | sed 's/^/    /'
for auth in 01 03; do  # the signature PIN (02) answers VERIFY only under SM: checked against the profile below
    got=$(echo "$page" | sed -n "s/^pin $auth .* tries=\([0-9?]*\) .*/\1/p")
    want=$(opensc_tries "$auth")
    [ -n "$got" ] && [ "$got" = "$want" ] && pass "PIN $auth: $got tries left, as OpenSC says" \
        || fail "PIN $auth: window says '$got', OpenSC '$want'"
done
echo "$page" | grep -c '^pin 01 role=authentication tries=3 max=3 blocked=0 ' >/dev/null && echo "$page" | grep -c '^pin 02 role=signature tries=3 max=3 blocked=0 ' >/dev/null && \
    echo "$page" | grep -c '^pin 03 role=puk tries=10 max=10 blocked=0 ' >/dev/null \
    && pass "auth and signature PIN 3/3, PUK 10/10 (docs/card-profile.md)" || fail "maxima"
[ "$(echo "$page" | grep -c '^cert ')" = "$(echo "$cert_ids" | wc -w)" ] \
    && pass "as many certificates as OpenSC lists" || fail "certificate count"
# Each certificate: serial, notBefore, notAfter and days left against openssl x509 and Python.
for id in $cert_ids; do
    pkcs15-tool --read-certificate "$id" -o "$BED/opensc-$id.pem" >/dev/null 2>&1 || { fail "OpenSC read $id"; continue; }
    line=$(echo "$page" | grep "^cert $id ")
    serial=$(openssl x509 -in "$BED/opensc-$id.pem" -noout -serial | sed 's/^serial=0*//')
    facts=$(/usr/bin/python3 - "$BED/opensc-$id.pem" <<'PY'
import sys, datetime
from cryptography import x509
c = x509.load_pem_x509_certificate(open(sys.argv[1], "rb").read())
nb, na = c.not_valid_before, c.not_valid_after
now = datetime.datetime.utcnow()
days = (na - now).days
state = "expired" if now > na else "not-yet-valid" if now < nb else "expiring" if days <= 30 else "valid"
print(nb.strftime("%Y-%m-%d_%H:%M:%S"), na.strftime("%Y-%m-%d_%H:%M:%S"), state, days, days - 1)
PY
)
    read -r nb na state days daysbefore <<<"$facts"
    [[ "$line" =~ serial=0*$serial\  ]] && pass "certificate $id: serial $serial (openssl x509)" \
        || fail "certificate $id: serial, openssl says $serial: $line"
    [[ "$line" == *"notbefore=$nb notafter=$na"* ]] && pass "certificate $id: valid $nb .. $na (Python)" \
        || fail "certificate $id: dates $nb $na: $line"
    [[ "$line" =~ state=$state\ days=($days|$daysbefore)\  ]] && pass "certificate $id: $state, $days days left" \
        || fail "certificate $id: $state $days: $line"
done
# Each key: type, size, PIN and uses against OpenSC's reading of the PrKDF (pkcs15-tool --list-keys). Its
# Algo_refs are TokenInfo references; docs/card-profile.md: 7 is CKM_SHA256_RSA_PKCS_PSS, what TLS 1.3 needs
# of an RSA key (an EC key signs TLS 1.3 with ECDSA). Web login is the authentication PIN's (01) keys'.
pkcs15-tool --list-keys >"$BED/opensc-keys.txt" 2>&1 || fail "pkcs15-tool --list-keys"
while read -r kid ktype kbits kauth kusage krefs; do
    tls13=0
    [ "$kauth" = 01 ] && { [ "$ktype" = ec ] || [[ ",$krefs," == *,7,* ]]; } && tls13=1
    want="^key $kid type=$ktype bits=$kbits pin=$kauth every-use=$([ "$kid" = 02 ] && echo 1 || echo 0) cert=1 uses="
    [ "$kauth" = 01 ] && want+="web-login-tls12"
    [ "$tls13" = 1 ] && want+=",web-login-tls13"
    [[ $kusage == *nonRepudiation* ]] && want+="document-signature"
    [[ $kusage == *decrypt* ]] && want+=",decipher"
    echo "$page" | grep -cE "$want\$" >/dev/null && pass "key $kid: $ktype $kbits bits, PIN $kauth, uses as OpenSC's PrKDF says (TLS 1.3: $tls13)" \
        || { fail "key $kid: wanted /$want/"; echo "$page" | grep "^key $kid "; }
done < <(awk '/^Private (RSA|EC) Key/{t=tolower($2)} $1=="Usage"{u=$0} $1=="Algo_refs"{sub(/^[^:]*: */,""); gsub(/ /,""); r=$0}
    $1=="ModLength"||$1=="FieldLength"{b=$NF} $1=="Auth"{a=$NF} $1=="ID"{print toupper($NF), t, b, a, (u ~ /nonRepudiation/ ? "nonRepudiation" : "") (u ~ /decrypt/ ? ",decrypt" : ""), r}' \
    "$BED/opensc-keys.txt")
[ "$(echo "$page" | grep -c '^key ')" = "$(grep -c '^Private' "$BED/opensc-keys.txt")" ] \
    && pass "as many keys as OpenSC lists" || fail "key count"
echo "$page" | grep -c '^attention none -$' >/dev/null && pass "a fresh card: nothing needs attention" || fail "attention on a fresh card"
# Chains, offline: without --anchors the system's store, which lacks the test root (openssl verify with its
# default store says so too: error 19, self-signed certificate in the chain).
for id in $cert_ids; do
    line=$(echo "$page" | grep "^chain $id ")
    if openssl verify -untrusted "$BED/opensc-12.pem" -untrusted "$BED/opensc-11.pem" "$BED/opensc-$id.pem" >/dev/null 2>&1; then
        want=trusted
    else
        want=untrusted-root
    fi
    [[ "$line" == *" trust=$want" ]] && pass "certificate $id: chain $want against the system's store, as openssl verify" \
        || fail "certificate $id chain: openssl says $want: $line"
done
steady_shot "$WIN" ias-browser-en-card

# --- the certificate out: DER and PEM through the file chooser, against OpenSC's bytes ---
first=$(echo "$cert_ids" | head -1)
label=$(awk -v id="$first" '/^X.509 Certificate/{sub(/^X.509 Certificate \[/,""); sub(/\]$/,""); l=$0} /^[[:space:]]*ID/{if (toupper($NF)==id) print l}' "$BED/opensc-certs.txt")
openssl x509 -in "$BED/opensc-$first.pem" -outform DER -out "$BED/opensc-$first.der"
if export_as "Export the certificate \"$label\" to a file" cert.der "Export the certificate"; then
    cmp -s "$HOME/cert.der" "$BED/opensc-$first.der" && pass "exported DER = OpenSC's certificate $first" \
        || fail "exported DER differs"
fi
if export_as "Export the certificate \"$label\" to a file" cert.pem "Export the certificate"; then
    openssl x509 -in "$HOME/cert.pem" -outform DER | cmp -s - "$BED/opensc-$first.der" \
        && pass "exported PEM = OpenSC's certificate $first (openssl x509)" || fail "exported PEM differs"
fi

# --- the details: key, signature algorithm and extensions, against Python's cryptography on OpenSC's bytes ---
if focus_on "Details of the certificate \"$label\""; then
    mark
    key_in "$WIN" Return
    await "^details $first\$" || fail "no details line"
    want=$(/usr/bin/python3 - "$BED/opensc-$first.pem" <<'PY'
import sys
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
c = x509.load_pem_x509_certificate(open(sys.argv[1], "rb").read())
k = c.public_key()
kind = f"RSA {k.key_size} bits" if isinstance(k, rsa.RSAPublicKey) else f"EC {k.key_size} bits ({k.curve.name})"
colons = lambda b: ":".join(f"{x:02X}" for x in b)
ext = lambda t: c.extensions.get_extension_for_class(t).value
print(f"public-key={kind}")
print(f"signature-algorithm={c.signature_algorithm_oid._name}")
print(f"basic-constraints=CA:{'TRUE' if ext(x509.BasicConstraints).ca else 'FALSE'}")
print(f"subject-key-identifier={colons(ext(x509.SubjectKeyIdentifier).digest)}")
print("subject-alternative-name=" + ", ".join("email:" + e for e in ext(x509.SubjectAlternativeName).get_values_for_type(x509.RFC822Name)))
PY
)
    while IFS= read -r line; do
        key=${line%%=*}
        got=$(tail -n +$((MARK + 1)) "$STATUS" | grep "^detail $first $key=" | head -1 | sed "s/^detail $first //")
        # OpenSSL names P-256 "prime256v1", Python "secp256r1": the same curve (RFC 5480).
        [ "${got/prime256v1/secp256r1}" = "$line" ] && pass "details: $line (Python's cryptography)" \
            || fail "details $key: window '$got', Python '$line'"
    done <<<"$want"
    details=$(find_window "Certificate \"$label\"") && steady_shot "$details" ias-browser-en-details \
        && key_in "$details" Escape
fi

# --- the chain, the public key and the report: the same bytes as ias-tool's twins, judged by openssl,
# ssh-keygen and Python ---
if export_as "Export the chain of the certificate \"$label\" (PEM)" chain.pem "Export the certificate chain"; then
    awk '/BEGIN/{n++} {print > ("'"$BED"'/chain-" n ".pem")}' "$HOME/chain.pem"
    openssl verify -CAfile "$BED/chain-3.pem" -untrusted "$BED/chain-2.pem" "$BED/chain-1.pem" 2>&1 | grep -c ': OK$' >/dev/null \
        && pass "the exported chain verifies with openssl verify, certificate to root" || fail "the exported chain does not verify"
    "$TOOL" export --id "$first" --what chain | cmp -s - "$HOME/chain.pem" \
        && pass "the window's chain = ias-tool export --what chain" || fail "chain differs from ias-tool's"
fi
if export_as "Export the public key of the certificate \"$label\" (OpenSSH or PEM)" key.pub "Export the public key"; then
    openssl x509 -in "$BED/opensc-$first.pem" -pubkey -noout > "$BED/opensc-$first.pub.pem"
    [ "$(cut -d' ' -f1,2 "$HOME/key.pub")" = "$(ssh-keygen -i -m PKCS8 -f "$BED/opensc-$first.pub.pem" | cut -d' ' -f1,2)" ] \
        && pass "the OpenSSH key (.pub) = ssh-keygen -i of OpenSC's certificate's key" || fail "OpenSSH key differs"
    "$TOOL" export --id "$first" --what openssh | cmp -s - "$HOME/key.pub" \
        && pass "the window's OpenSSH key = ias-tool export --what openssh" || fail "OpenSSH key differs from ias-tool's"
fi
if export_as "Export the public key of the certificate \"$label\" (OpenSSH or PEM)" key.pem "Export the public key"; then
    cmp -s "$HOME/key.pem" "$BED/opensc-$first.pub.pem" && pass "the PEM public key = openssl x509 -pubkey" \
        || fail "PEM public key differs"
fi
if export_as "Save a report of the card (JSON)" report.json "Save a report of the card"; then
    "$TOOL" list --json > "$BED/tool-report.json"
    /usr/bin/python3 -c "import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(a != b)" \
        "$HOME/report.json" "$BED/tool-report.json" && pass "the window's report = ias-tool list --json (Python's json)" \
        || { fail "the reports differ"; diff "$HOME/report.json" "$BED/tool-report.json" | head; }
    /usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(*[p['authId']+'='+str(p['triesLeft']) for p in r['pins'] if p['authId'] in ('01','03')])" \
        "$HOME/report.json" | grep -cx "01=$(opensc_tries 01) 03=$(opensc_tries 03)" >/dev/null \
        && pass "the report's tries left = the card's answers to OpenSC" || fail "report tries left"
fi

# --- chains against the test PKI's root as the trust anchor (--anchors): openssl verify -CAfile agrees ---
open_window en --anchors "$BED/pki/root-ca.pem"
await '^page end$' || fail "the page with --anchors"
for id in $cert_ids; do
    openssl verify -CAfile "$BED/pki/root-ca.pem" -untrusted "$BED/opensc-11.pem" "$BED/opensc-$id.pem" >/dev/null 2>&1 \
        && want=trusted || want=refused
    last_page | grep -cE "^chain $id length=[0-9]+ trust=$want\$" >/dev/null \
        && pass "certificate $id: chain $want with --anchors root-ca.pem, as openssl verify -CAfile" \
        || fail "certificate $id chain with anchors: $(last_page | grep "^chain $id ")"
done
last_page | grep -c '^chain 01 length=3 ' >/dev/null && pass "the authentication certificate's chain: itself, issuing CA, root" \
    || fail "chain 01 length: $(last_page | grep '^chain 01 ')"

# The rest does not depend on the card's profile (PIN flows, card events, readers, languages, themes): the
# standard card's run does it; the extended card's run ends here (its screenshots would replace the others).
if [ "$PROFILE" = extended ]; then
    close_window
    finish
fi

# --- a PIN test from the page: ias-tool pin verify --pin-dialog, the PIN typed in ias-pinentry; the page
# read again shows the card's counter (OpenSC's reading) ---
auth_label=$(opensc_pin_field 01 Label)
pin_test() {  # pin_test PIN: Test… on the auth PIN, PIN typed in the dialog; waits for the tested line
    focus_on "Test the PIN \"$auth_label\"" || return 1
    mark
    key_in "$WIN" Return
    local dialog
    dialog=$(dialog_window) || true
    [ -n "$dialog" ] || { fail "no PIN dialog for the test"; return 1; }
    type_in "$dialog" "$1" && key_in "$dialog" Return
    await '^tested 01 exit=' && await '^page end$'
}
if pin_test 9999; then
    tail -n +$((MARK + 1)) "$STATUS" | grep -c '^tested 01 exit=4$' >/dev/null && pass "a wrong PIN typed in the dialog: ias-tool says wrong (exit 4)" \
        || fail "wrong PIN test: $(grep '^tested' "$STATUS" | tail -1)"
    want=$(opensc_tries 01)
    [ "$want" = 2 ] && last_page | grep -c "^pin 01 role=authentication tries=2 " >/dev/null \
        && pass "the page read again: 2 tries left, as the card answers OpenSC" || fail "tries after a wrong test: OpenSC $want, $(last_page | grep '^pin 01')"
fi
if pin_test 1234; then
    tail -n +$((MARK + 1)) "$STATUS" | grep -c '^tested 01 exit=0$' >/dev/null && pass "the right PIN: correct (exit 0)" \
        || fail "right PIN test: $(grep '^tested' "$STATUS" | tail -1)"
    # The card gives no count for a verified PIN (VERIFY without data answers 9000): the page says verified.
    # OpenSC asks a moment later: the card still verified, or powered down by pcscd when idle (its security
    # state gone, the counter whole): either way not one try fewer.
    opensc_after=$(tries_left 01)
    last_page | grep -cE '^pin 01 role=authentication tries=(3|\?) max=3 blocked=0 verified=1$' >/dev/null \
        && { [ "$opensc_after" = verified ] || [ "$opensc_after" = 3 ]; } \
        && pass "the page read again: verified in this card session; OpenSC: $opensc_after (no try lost)" \
        || fail "after the right PIN: $(last_page | grep '^pin 01'), OpenSC: $opensc_after"
fi
if focus_on "Change the PIN \"$auth_label\""; then
    mark
    key_in "$WIN" Return
    await '^change 01$' && change_win=$(find_window "Change PIN") && pass "Change… opens ias-pin-change" \
        || fail "Change… did not open ias-pin-change"
    if [ -n "${change_win:-}" ]; then
        pc_pid=$(xdotool getwindowpid "$change_win")
        [ -n "$pc_pid" ] && kill "$pc_pid" && while kill -0 "$pc_pid" 2>/dev/null; do sleep 0.1; done
    fi
fi

# --- a PIN blocked in another process: F5 shows it, with the unblock offered ---
for wrong in 9991 9992 9993; do "$TOOL" pin verify --pin-id 01 --pin-insecure-argv $wrong >/dev/null 2>&1; done
[ "$(tries_left 01)" = blocked ] && pass "ias-tool blocked the auth PIN (OpenSC)" || fail "not blocked: $(tries_left 01)"
mark
key_in "$WIN" F5
await '^pin 01 role=authentication tries=0 max=3 blocked=1 ' && await '^attention pin-blocked 01$' \
    && pass "F5: the auth PIN blocked, first in 'needs attention'" || fail "blocked PIN after F5"
steady_shot "$WIN" ias-browser-en-blocked
if focus_on "Unblock the PIN \"$auth_label\" with the PUK"; then
    mark
    key_in "$WIN" Return
    await '^unblock 01$' && pin_change=$(find_window "Change PIN") \
        && pass "the unblock opens ias-pin-change" || fail "no ias-pin-change window"
    if [ -n "${pin_change:-}" ]; then
        pc_pid=$(xdotool getwindowpid "$pin_change")
        [ -n "$pc_pid" ] && kill "$pc_pid"
    fi
fi
expect "ias-tool unblocks the PIN with the PUK" "$TOOL" pin unblock --pin-id 01 --keep-pin \
    --pin-insecure-argv 12345678
mark
key_in "$WIN" F5
await '^pin 01 role=authentication tries=3 max=3 blocked=0 ' && await '^attention none -$' \
    && pass "F5 after the unblock: 3 tries, nothing needs attention" || fail "after unblock"

# --- the card out and back; pcscd gone ---
mark
"$testbed" stop-card "$BED" >/dev/null || fail "stop-card"
await '^state no-card ' && pass "card out: 'insert your card'" || fail "no-card state"
steady_shot "$WIN" ias-browser-en-nocard
mark
"$testbed" start-card "$BED" >/dev/null || fail "start-card"
await '^state ready ' && await '^page end$' && pass "card back: the page again" || fail "ready after start-card"
close_window

# --- French, then the dark and high-contrast themes ---
open_window fr
await '^state ready ' && await '^page end$' || fail "the card page (fr)"
steady_shot "$WIN" ias-browser-fr-card
close_window
APP_ENV="GTK_THEME=Adwaita:dark" open_window en
await '^page end$' || fail "dark theme"
steady_shot "$WIN" ias-browser-en-dark
close_window
APP_ENV="GTK_THEME=HighContrast" open_window fr
await '^page end$' || fail "high contrast theme"
steady_shot "$WIN" ias-browser-fr-high-contrast
mark
"$testbed" stop-card "$BED" >/dev/null
await '^state no-card ' || fail "fr no-card"
steady_shot "$WIN" ias-browser-fr-nocard
close_window

# --- two readers: a card that only answers its ATR (ias-vcard --atr-only) in vpcd's second reader ---
. "$BED/testbed.env"
vcard=${IAS_VCARD_BIN:-${IAS_BUILD_DIR:-$repo/build}/tests/virtual-card/daemon/ias-vcard}
"$testbed" start-card "$BED" >/dev/null || fail "start-card"
setsid "$vcard" --port $((VPCD_PORT + 1)) --atr-only --state "$BED/mute.state" --profile "$BED/card.profile" \
    >>"$BED/mute.log" 2>&1 </dev/null &
MUTE_PID=$!
trap 'kill $MUTE_PID 2>/dev/null; gui_down; bed_down' EXIT
for i in $(seq 600); do  # hang guard: the card is there in well under a second
    [ "$(opensc-tool -l 2>/dev/null | grep -c ' Yes ')" = 2 ] && break
    sleep 0.1
done
open_window en
await '^page end$' || fail "two readers"
[ "$(last_page | grep -c '^reader card=1 ')" = 2 ] \
    && pass "two readers listed, each with a card (PC/SC)" || fail "reader list: $(last_page | grep '^reader')"
second=$(last_page | sed -n 's/^reader card=1 //p' | tail -1)
first_reader=$(last_page | sed -n 's/^reader card=1 //p' | head -1)
last_page | grep -c "^state ready $first_reader\$" >/dev/null && pass "the first reader with a card is shown" \
    || fail "shown: $(last_page | grep '^state')"
close_window
open_window en --reader "$second"
await "^state unknown $second\$" && pass "a card that is not IAS-ECC: 'cannot be read here'" || fail "unknown card"
steady_shot "$WIN" ias-browser-en-unknown
close_window
open_window fr --reader "$second"
await "^state unknown " || fail "fr unknown card"
steady_shot "$WIN" ias-browser-fr-unknown
close_window
kill $MUTE_PID 2>/dev/null

open_window en
await '^page end$' || fail "before pcscd stops"
mark
"$testbed" down "$BED" >/dev/null 2>&1
await '^state (no-service|no-reader) ' && pass "pcscd gone: the window says so" || fail "no-service state"
steady_shot "$WIN" ias-browser-en-noservice
close_window
finish
