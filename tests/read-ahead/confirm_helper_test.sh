#!/bin/bash
# ias-card-confirm (docs/pkcs11.md, "Reading ahead"): an application that forbids the module threads (NSS's
# CKF_LIBRARY_CANT_CREATE_OS_THREADS) gets the card's kept content confirmed by a helper process, and still
# never the content the card no longer holds: a change between processes, a change while the helper is under
# way (held back by a wrapper until the card was changed), a missing helper. C_Finalize while the helper runs
# returns and leaves no child, zombie or pipe. No thread is ever made (/proc/self/task). Known answers: the
# label the script writes on the card (raw UPDATE BINARY of the CDF: "Authentication certificate" at 6).
source "$(dirname "$0")/../pkcs11-clients/clientlib.sh"
PROBE=${IAS_CONFIRM_PROBE:-${IAS_BUILD_DIR:-$repo/build}/tests/read-ahead/confirm_probe}
HELPER=${IAS_CARD_CONFIRM:-${IAS_BUILD_DIR:-$repo/build}/pkcs11/ias-card-confirm}
RAW=${IAS_RAW_UPDATE:-${IAS_BUILD_DIR:-$repo/build}/tests/pkcs11-clients/raw_update_binary}
client_bed_up
AID=E828BD080FD2504543432D654944
READER="IAS Virtual PCD 00 00"
export IAS_ECC_LOG=debug IAS_ECC_CONFIRM_HELPER="$HELPER"
# An earlier run keeps the content: the probe itself, not pkcs11-tool, which cannot load the sanitizer builds'
# module (this test runs in scripts/test's ASan and TSan phases too).
echo go | "$PROBE" "$MODULE" objects >/dev/null 2>&1
# A helper held back until the test says go (the card is changed meanwhile).
cat >"$W/held-helper" <<EOS
#!/bin/sh
: >"$W/helper.started"
while [ ! -e "$W/helper.go" ]; do sleep 0.05; done
exec "$HELPER" "\$@"
EOS
chmod +x "$W/held-helper"
helper_started() { for _ in $(seq 600); do [ -e "$W/helper.started" ] && return 0; sleep 0.1; done; return 1; }

# probe MODE [STEP...]: the probe started, STEP run between its start and its object calls; READY, OUT, LOG
probe() {
    local mode=$1
    shift
    rm -f "$W/helper.started" "$W/helper.go" "$W/probe.in" "$W/probe.out"
    # FIFOs on descriptors this script owns, not a coproc: bash closes a coproc's descriptors as soon as it
    # reaps it, so a probe that finalizes quickly took its output away before `cat` read it (CI, 2026-12-04).
    mkfifo "$W/probe.in" "$W/probe.out"
    "$PROBE" "$MODULE" "$mode" <"$W/probe.in" >"$W/probe.out" 2>"$W/probe.err" &
    local pid=$! to from
    exec {to}>"$W/probe.in" {from}<"$W/probe.out"
    read -r -t 120 -u "$from" READY
    "$@"
    echo go >&"$to"
    exec {to}>&-
    OUT=$(timeout 120 cat <&"$from")
    exec {from}<&-
    wait "$pid"
    LOG=$(cat "$W/probe.err")
    echo "$READY"
    echo "$OUT"
}
has() { grep -q -- "$2" <<<"$1"; }
no_threads() { has "$READY" "threads=1 " && has "$OUT" "after threads=1 "; }
no_child_left() { has "$OUT" "finalized threads=[0-9]* children=- "; }

probe objects
expect "a start forbidding threads makes none, and the helper runs ($READY)" bash -c '[[ "$1" =~ threads=1\ children=[0-9] ]]' _ "$READY"
expect "same content: the helper's verdict is taken" has "$LOG" "verdict of ias-card-confirm: the same"
expect "...the certificates shown are the card's" has "$OUT" "label=Authentication certificate"
expect "...no thread, no child left after C_Finalize" bash -c "$(declare -f has no_threads no_child_left); READY='$READY' OUT='$OUT'; no_threads && no_child_left"

expect "raw UPDATE BINARY of the CDF between two processes" "$RAW" "$READER" $AID 7005 6 61
probe objects
expect "changed between processes: the helper finds other content" has "$LOG" "ias-card-confirm found other content"
expect "...and the card's label is served, not the kept one" has "$OUT" "label=authentication certificate"
expect "...never the kept one" bash -c '! grep -q "label=Authentication certificate" <<<"$1"' _ "$OUT"

export IAS_ECC_CONFIRM_HELPER="$W/held-helper"
change_during() { helper_started && "$RAW" "$READER" $AID 7005 6 41 && : >"$W/helper.go"; }
probe objects change_during
expect "changed while the module is initialised and its helper under way: not the same" has "$LOG" "ias-card-confirm found other content"
expect "...the card's label is served" has "$OUT" "label=Authentication certificate"
expect "...never the kept one" bash -c '! grep -q "label=authentication certificate" <<<"$1"' _ "$OUT"

probe finalize helper_started
helper=$(sed -n 's/.*children=\([0-9]*\).*/\1/p' <<<"$READY")
expect "C_Finalize while the helper confirms returns CKR_OK" has "$OUT" "finalize rv=0x0"
expect "...and leaves no child (the helper $helper killed and reaped: no zombie)" bash -c "$(declare -f has no_child_left); OUT='$OUT'; no_child_left && test ! -e /proc/$helper"
expect "...and no pipe of its own ($READY / $(tail -1 <<<"$OUT"))" test "$(sed -n 's/.*pipes=//p' <<<"$READY")" = "$(($(tail -1 <<<"$OUT" | sed -n 's/.*pipes=//p') + 1))"

export IAS_ECC_CONFIRM_HELPER="$W/no-such-helper"
probe objects
expect "helper missing: the module says why" has "$LOG" "no confirmation of kept content in another process"
expect "...and confirms on the caller's thread: the card's label" has "$OUT" "label=Authentication certificate"
expect "...still no thread" bash -c "$(declare -f has no_threads); READY='$READY' OUT='$OUT'; no_threads"
finish
