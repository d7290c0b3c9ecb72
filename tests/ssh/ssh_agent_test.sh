#!/bin/bash
# ssh-agent keeps libias-pkcs11.so loaded across the events that used to kill it (issue 14): after
# `ssh-add -s` (PIN 1234), logins go through the agent; the card removed and put back, or pcscd restarted,
# and the next agent login works again without restarting the agent: the module keeps the agent's session
# (the same card, and the agent was never told it left: pkcs11/src/CardReturn.cpp) and, since the card forgot
# the PIN, asks for it in its own dialog (pin.dialog_relogin), typed here with xdotool on a private Xvfb. A
# wrong PIN typed there is refused (no login) and the next one is asked again. OpenSC's module is measured in
# the same steps and reported, not asserted. See docs/ssh.md.
source "$(dirname "$0")/../pkcs11-clients/clientlib.sh"
source "$(dirname "$0")/../pkcs11-clients/pin-dialog/guilib.sh"
source "$(dirname "$0")/sshlib.sh"
sshd_needs_root

client_bed_up
gui_up
expect "OpenSC's module reads the authentication certificate (the independent witness)" \
    authorized_key_from_card 01 "$W/authorized_keys"
sshd_up "$W/authorized_keys"
trap 'ssh_down; gui_down; bed_down' EXIT
export IAS_ECC_LOG=info  # the module's lines about the card coming back, in the agent's log

# agent_login: one login through the agent (no -I, no PIN from ssh).
agent_login() { ssh_run -o IdentityAgent="$SSH_AUTH_SOCK" -o IdentitiesOnly=no -o BatchMode=yes; }
# login_typing PIN: an agent login during which the module's dialog appears and PIN is typed in it.
login_typing() {
    agent_login &
    local login=$! window
    window=$(dialog_window)
    if [ -z "$window" ]; then
        echo "   no PIN dialog appeared"
        kill "$login" 2>/dev/null
        wait "$login"
        return 2
    fi
    type_in "$window" "$1" && key_in "$window" Return
    wait "$login"
}

agent_up "$(dirname "$MODULE")"
ask_pin "$AUTH_PIN"
expect "ssh-add -s loads the module into the agent with PIN $AUTH_PIN" \
    timeout 90 ssh-add -s "$MODULE"
expect_out "...the agent holds the card's authentication key" "Authentication key" ssh-add -l
: >"$BED/apdu.log"
expect "a login through the agent" agent_login
expect "...signed by the card" test "$(signatures)" -eq 1

"$testbed" stop-card "$BED" >/dev/null
"$testbed" start-card "$BED" >/dev/null
: >"$BED/apdu.log"
expect "the card removed and put back: the next agent login works, the PIN typed in the module's dialog" \
    login_typing "$AUTH_PIN"
# The card refused the first signature (6982: it forgot the PIN), then one VERIFY with the typed PIN.
expect "...the card was given the PIN again: one VERIFY with a PIN" \
    test "$(grep -cE '^C (00|0C)200001 [0-9A-F]{2} ' "$BED/apdu.log")" -eq 1
expect "...the module said why (the same card is back)" grep -q "is back (the same card" "$W/agent.log"
expect "the login after that needs no PIN (the card still has it)" agent_login

"$testbed" restart-pcscd "$BED" >/dev/null
expect "pcscd restarted: the next agent login works, the PIN typed in the dialog" login_typing "$AUTH_PIN"
expect "the login after that needs no PIN" agent_login

"$testbed" restart-card "$BED" >/dev/null
: >"$BED/apdu.log"
expect_not "the card put back, a wrong PIN typed in the dialog: no login" login_typing 9999
expect "...the card refused it (63C2)" grep -q '^R 63C2' "$BED/apdu.log"
expect "...and the next agent login asks again and works with PIN $AUTH_PIN" login_typing "$AUTH_PIN"
expect "...the card holds the PIN verified again (VERIFY without data: 9000, opensc-tool)" test "$(tries_left 01)" = verified
expect_out "the agent is the one started at the beginning, never restarted" "Authentication key" ssh-add -l
agent_down

# OpenSC's module, the same steps (measured and reported, not asserted: it is not ours).
agent_up "$(dirname "$OPENSC_MODULE")"
if timeout 90 ssh-add -s "$OPENSC_MODULE" >/dev/null 2>&1 && agent_login; then
    "$testbed" restart-card "$BED" >/dev/null
    if agent_login; then r1=works; else r1="fails"; fi
    "$testbed" restart-pcscd "$BED" >/dev/null
    if agent_login; then r2=works; else r2="fails"; fi
    echo "measured: OpenSC's module in ssh-agent: after restart-card the next login $r1; after a pcscd restart $r2"
else
    echo "measured: OpenSC's module in ssh-agent: ssh-add -s or the first login failed"
fi
agent_down
finish
