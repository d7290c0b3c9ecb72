#!/usr/bin/env bash
# ias-register-nssdb with throwaway homes: where the database is, its creation, one IAS-ECC however often it
# runs, the opt-out (by --remove, or by the user's own removal), --enable. Checked with NSS's `modutil -list`
# (which loads the module: it must load without a card). Usage: register_nssdb_test.sh PROGRAM MODULE
set -euo pipefail
script=$1 module=$2
fails=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fails=$((fails + 1)); fi; }
# How many modules of the database use our library (modutil -list loads each one).
count() { modutil -dbdir "sql:$1" -list 2>/dev/null | grep -cF "library name: $module" || true; }
# run [VAR=value…] [option…]: the script as the user of $home would run it.
run() {
    local vars=()
    while [ $# -gt 0 ] && [[ "$1" == *=* ]]; do vars+=("$1"); shift; done
    env -u XDG_DATA_HOME -u XDG_CONFIG_HOME HOME="$home" "${vars[@]}" "$script" --module "$module" "$@"
}
fresh() { home=$(mktemp -d /tmp/ias-nssdb-XXXXXX); homes+=("$home"); }
homes=()
trap 'rm -rf "${homes[@]}"' EXIT

echo "== no ~/.pki: \$XDG_DATA_HOME/pki/nssdb (default ~/.local/share/pki/nssdb), created"
fresh
run >/dev/null
db=$home/.local/share/pki/nssdb
check "database created" '[ -f "$db/cert9.db" ] && [ -f "$db/pkcs11.txt" ]'
check "database directory 0700" '[ "$(stat -c %a "$db")" = 700 ]'
check "one IAS-ECC" '[ "$(count "$db")" = 1 ]'
check "no ~/.pki made" '[ ! -e "$home/.pki" ]'
before=$(sha256sum "$db/pkcs11.txt")
run >/dev/null
run >/dev/null
check "idempotent: still one IAS-ECC" '[ "$(count "$db")" = 1 ]'
check "idempotent: pkcs11.txt unchanged" '[ "$(sha256sum "$db/pkcs11.txt")" = "$before" ]'

echo "== ~/.pki exists: ~/.pki/nssdb"
fresh
mkdir "$home/.pki"
run >/dev/null
check "database in ~/.pki/nssdb" '[ "$(count "$home/.pki/nssdb")" = 1 ]'
check "nothing in ~/.local/share" '[ ! -e "$home/.local/share/pki" ]'

echo "== XDG_DATA_HOME and XDG_CONFIG_HOME"
fresh
run XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/conf" >/dev/null
check "database under \$XDG_DATA_HOME" '[ "$(count "$home/data/pki/nssdb")" = 1 ]'
run XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/conf" --remove >/dev/null
check "opt-out under \$XDG_CONFIG_HOME" '[ -f "$home/conf/ias-ecc/nssdb-opt-out" ]'
check "removed" '[ "$(count "$home/data/pki/nssdb")" = 0 ]'

echo "== an existing database with another module: kept"
fresh
mkdir -p "$home/.pki/nssdb"
certutil -N -d "sql:$home/.pki/nssdb" --empty-password
other=/usr/lib/x86_64-linux-gnu/p11-kit-trust.so
[ -f "$other" ] || other=/usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-trust.so
modutil -dbdir "sql:$home/.pki/nssdb" -add "Other" -libfile "$other" -force >/dev/null
run >/dev/null
check "ours added" '[ "$(count "$home/.pki/nssdb")" = 1 ]'
check "the other module kept" 'modutil -dbdir "sql:$home/.pki/nssdb" -list 2>/dev/null | grep -cF "library name: $other" >/dev/null'

echo "== the module already registered by the user under another name: no duplicate"
fresh
mkdir -p "$home/.pki/nssdb"
certutil -N -d "sql:$home/.pki/nssdb" --empty-password
modutil -dbdir "sql:$home/.pki/nssdb" -add "My card" -libfile "$module" -force >/dev/null
run >/dev/null
check "still one module with our library" '[ "$(count "$home/.pki/nssdb")" = 1 ]'

echo "== --remove, opt-out honoured, --enable"
fresh
run >/dev/null
db=$home/.local/share/pki/nssdb
run --remove >/dev/null
check "--remove: none" '[ "$(count "$db")" = 0 ]'
check "--remove: opt-out written" '[ -f "$home/.config/ias-ecc/nssdb-opt-out" ]'
out=$(run)
check "next login: not added again" '[ "$(count "$db")" = 0 ]'
check "next login: says opted out" '[[ "$out" == *"opted out"* ]]'
run --enable >/dev/null
check "--enable: added" '[ "$(count "$db")" = 1 ]'
check "--enable: opt-out gone" '[ ! -e "$home/.config/ias-ecc/nssdb-opt-out" ]'

echo "== removed by the user with modutil: never added again behind their back"
fresh
run >/dev/null
db=$home/.local/share/pki/nssdb
modutil -dbdir "sql:$db" -delete IAS-ECC -force >/dev/null
run >/dev/null
check "not re-added" '[ "$(count "$db")" = 0 ]'
check "opt-out recorded" '[ -f "$home/.config/ias-ecc/nssdb-opt-out" ]'
run >/dev/null
check "still not re-added" '[ "$(count "$db")" = 0 ]'

echo "== a module not installed: nothing done"
fresh
env -u XDG_DATA_HOME -u XDG_CONFIG_HOME HOME="$home" "$script" --module /nonexistent/libias-pkcs11.so >/dev/null
check "no database made" '[ ! -e "$home/.local/share/pki" ] && [ ! -e "$home/.pki" ]'

echo "== usage"
status=0
"$script" --bogus >/dev/null 2>&1 || status=$?
check "unknown option: exit 2" '[ "$status" -eq 2 ]'

[ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all checks passed"
