#!/bin/bash
# OpenSSH with the card, no agent: `ssh-keygen -D` lists the authentication key as OpenSC's module, OpenSSL
# and ssh-keygen see it in the card's certificate; `ssh -I libias-pkcs11.so` logs in to a private sshd with
# PIN 1234 (rsa-sha2-256 and rsa-sha2-512 each, one signature on the card each), is refused with a wrong PIN
# (no login, one try spent, given back by the next right PIN); on the extended card the P-256 key logs in
# with ecdsa-sha2-nistp256; the same key logs in through ssh-agent. See docs/ssh.md.
source "$(dirname "$0")/../pkcs11-clients/clientlib.sh"
source "$(dirname "$0")/sshlib.sh"
sshd_needs_root
profile=${1:-standard}

client_bed_up --profile "$profile"
if [ "$profile" = extended ]; then KEY_ID=03 KEY_TYPE=ecdsa-sha2-nistp256; else KEY_ID=01 KEY_TYPE=ssh-rsa; fi
expect "OpenSC's module reads the certificate $KEY_ID (the independent witness)" \
    authorized_key_from_card "$KEY_ID" "$W/authorized_keys"
expect "...whose key is $KEY_TYPE" grep -q "^$KEY_TYPE " "$W/authorized_keys"

ssh-keygen -D "$MODULE" >"$W/keygen-D.txt" 2>"$W/keygen-D.err"
witness=$(cut -d' ' -f1,2 "$W/authorized_keys")
expect "ssh-keygen -D lists the card's key as the witness has it" grep -qF "$witness" "$W/keygen-D.txt"
cat "$W/keygen-D.txt" | cut -c1-60

sshd_up "$W/authorized_keys"

ask_pin "$AUTH_PIN"
for alg in $([ "$profile" = extended ] && echo ecdsa-sha2-nistp256 || echo rsa-sha2-256 rsa-sha2-512); do
    : >"$BED/apdu.log"
    expect "ssh -I logs in with PIN $AUTH_PIN, algorithm $alg" \
        ssh_run -I "$MODULE" -o IdentityAgent=none -o "PubkeyAcceptedAlgorithms=$alg" -o BatchMode=no
    expect "...one signature of the card (INTERNAL AUTHENTICATE)" test "$(signatures)" -eq 1
    expect "...sshd accepted the card's key" grep -q "Accepted publickey for root" "$W/sshd/log"
done
if [ "$profile" = standard ]; then
    # The DigestInfo the card signed names the hash of the algorithm asked last (SHA-512: 2.16.840.1.101.3.4.2.3).
    expect "the rsa-sha2-512 login had the card sign a SHA-512 DigestInfo" \
        grep -qiE '^C (00|0C)88.*608648016503040203' "$BED/apdu.log"
fi

: >"$BED/apdu.log"
ask_pin 9999
expect_not "ssh -I with the wrong PIN 9999 does not log in" \
    ssh_run -I "$MODULE" -o IdentityAgent=none -o BatchMode=no
expect "...the card refused the PIN (63C2: two tries left)" grep -q '^R 63C2' "$BED/apdu.log"
expect "...and signed nothing" test "$(signatures)" -eq 0
ask_pin "$AUTH_PIN"
: >"$BED/apdu.log"
expect "the right PIN logs in again" ssh_run -I "$MODULE" -o IdentityAgent=none -o BatchMode=no
expect "...and the card has its three tries back (VERIFY without data: 63C3, opensc-tool)" test "$(tries_left 01)" = 3
# The same key through ssh-agent (the agent's survival of removals: ssh_agent_test.sh).
agent_up "$(dirname "$MODULE")"
ask_pin "$AUTH_PIN"
expect "ssh-add -s loads the card into an agent" timeout 90 ssh-add -s "$MODULE"
: >"$BED/apdu.log"
alg=$([ "$profile" = extended ] && echo ecdsa-sha2-nistp256 || echo rsa-sha2-512)
expect "a login through the agent with $alg" \
    ssh_run -o IdentityAgent="$SSH_AUTH_SOCK" -o BatchMode=yes -o "PubkeyAcceptedAlgorithms=$alg"
expect "...one signature of the card" test "$(signatures)" -eq 1
agent_down
finish
