# Shared by the SSH tests: OpenSSH's own client, agent and server with libias-pkcs11.so, on the test bed.
# The server is a private sshd on 127.0.0.1 and a free port, with its own host key, configuration and
# authorized_keys in the bed; it runs in a private mount namespace whose /run is a tmpfs (its privilege
# separation directory /run/sshd exists only there), so nothing of the machine's own is used or changed.
# Order in a test: source ../pkcs11-clients/clientlib.sh, sshd_needs_root, client_bed_up, then sshd_up.
OPENSC_MODULE=${IAS_OPENSC_MODULE:-/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so}
SSHD_PID= AGENT_PID=

sshd_needs_root() {
    if [ "$(id -u)" != 0 ]; then
        echo "SKIP: sshd's privilege separation and the mount namespace need root"
        exit 77
    fi
    [ -x /usr/sbin/sshd ] || { echo "FAIL: no /usr/sbin/sshd (openssh-server, scripts/install-deps)"; exit 1; }
}

# authorized_key_from_card ID OUT: the OpenSSH public key of the card's certificate ID, as OpenSC's module
# reads the certificate and OpenSSL and ssh-keygen convert it: an answer that does not come from our module.
authorized_key_from_card() {
    pkcs11-tool --module "$OPENSC_MODULE" --read-object --type cert --id "$1" -o "$W/witness-$1.der" \
        >/dev/null 2>&1 || return 1
    openssl x509 -inform DER -in "$W/witness-$1.der" -pubkey -noout >"$W/witness-$1.pub.pem" || return 1
    ssh-keygen -i -m PKCS8 -f "$W/witness-$1.pub.pem" >"$2"
}

sshd_up() {  # sshd_up AUTHORIZED_KEYS_FILE: the server, waited for until it accepts connections
    SSH_PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    mkdir -p "$W/sshd"
    ssh-keygen -q -t ed25519 -N '' -f "$W/sshd/host_key"
    cat >"$W/sshd/sshd_config" <<CONF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $W/sshd/host_key
AuthorizedKeysFile $1
AuthenticationMethods publickey
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
StrictModes no
UsePAM no
LogLevel VERBOSE
PidFile none
CONF
    unshare -m --propagation private -- /bin/sh -c \
        'mount -t tmpfs -o mode=755 tmpfs /run && mkdir -m 755 /run/sshd && exec /usr/sbin/sshd -D -f "$1" -E "$2"' \
        sshd "$W/sshd/sshd_config" "$W/sshd/log" &
    SSHD_PID=$!
    trap 'ssh_down; bed_down' EXIT
    local i
    for i in $(seq 300); do  # a hang guard (30 s), not a timing assumption: the loop ends at the first accept
        (exec 3<>"/dev/tcp/127.0.0.1/$SSH_PORT") 2>/dev/null && return 0
        kill -0 "$SSHD_PID" 2>/dev/null || break
        sleep 0.1
    done
    echo "FAIL: sshd did not start"; cat "$W/sshd/log"; exit 1
}

ssh_down() {  # waits for its own processes only (a bare `wait` would wait for Xvfb too: guilib.sh)
    local pid
    for pid in $AGENT_PID $SSHD_PID; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    return 0
}

# ask_pin PIN: ssh and ssh-add take the PIN from this askpass program (no terminal in CI).
ask_pin() {
    printf '#!/bin/sh\necho %s\n' "$1" >"$W/askpass"
    chmod 700 "$W/askpass"
    export SSH_ASKPASS="$W/askpass" SSH_ASKPASS_REQUIRE=force
}

# ssh_run [ssh options...]: a login that runs `echo logged-in-$$`; true when that came back. Bounded.
ssh_run() {
    local out
    out=$(timeout 90 ssh -F none -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
        -o ConnectTimeout=30 -p "$SSH_PORT" "$@" "root@127.0.0.1" "echo logged-in-$$" </dev/null 2>>"$W/ssh.err")
    [ "$out" = "logged-in-$$" ]
}

# agent_up MODULE_DIR...: an ssh-agent of the test's own that accepts PKCS#11 modules from those directories.
agent_up() {
    local allow
    allow=$(printf '%s/*,' "$@")
    rm -f "$W/agent.sock"
    ssh-agent -D -a "$W/agent.sock" -P "${allow%,}" >"$W/agent.log" 2>&1 &
    AGENT_PID=$!
    export SSH_AUTH_SOCK="$W/agent.sock"
    local i
    for i in $(seq 300); do [ -S "$SSH_AUTH_SOCK" ] && return 0; sleep 0.1; done
    echo "FAIL: ssh-agent did not start"; exit 1
}
agent_down() {
    [ -n "$AGENT_PID" ] && kill "$AGENT_PID" 2>/dev/null && wait "$AGENT_PID" 2>/dev/null
    AGENT_PID=
}
# signatures: INTERNAL AUTHENTICATE commands in the card's log (the authentication key's signature).
signatures() { grep -cE '^C (00|0C)88' "$BED/apdu.log"; }
