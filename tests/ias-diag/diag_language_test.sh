#!/bin/bash
# ias-diag reports in the user's language (docs/ias-diag.md, "Language"): on a test bed after a wrong PIN,
# LANG=fr_FR.UTF-8 gives the card check's tries-left advice and the summary in French, while check ids,
# statuses, JSON keys and the exit code stay as they are; no locale, LANG=C and an English locale give the
# English report exactly (the same lines the other tests expect). The French words are the catalogue's
# (tools/ias-diag/po/fr.po), written by hand, not computed by the code under test.
. "$(dirname "$0")/../testbed/lib.sh"
. "$(dirname "$0")/diaglib.sh"
TOOL=${IAS_TOOL:-${IAS_BUILD_DIR:-$repo/build}/tools/ias-tool/ias-tool}
bed_up
WORK=$BED
export HOME=$BED/home
mkdir -p "$HOME"
unset LANGUAGE LC_ALL LC_MESSAGES LANG

"$TOOL" pin verify --pin-id 01 --pin-insecure-argv 9999 > /dev/null 2>&1
[ $? -eq 4 ] && pass "ias-tool: a wrong PIN (exit 4)" || fail "ias-tool did not report a wrong PIN"

# text: English without a locale, with LANG=C and with an English locale; French with each variable.
text_report() { # NAME [ENV] [--verbose]: the text report under that environment, its exit code in NAME.rc
    local name=$1; shift
    local envs=() opts=()
    for a in "$@"; do case $a in --*) opts+=("$a") ;; *) envs+=("$a") ;; esac; done
    env "${envs[@]}" timeout 120 "$DIAG" --module "$MODULE" "${opts[@]}" > "$WORK/$name.txt" 2> "$WORK/$name.err"
    echo $? > "$WORK/$name.rc"
}
text_report none
text_report c LANG=C
text_report en LANG=en_GB.UTF-8
for name in none c en; do
    expect_out "$name: the card line in English" \
        '^\[WARN\] +card +IAS-ECC card in "IAS Virtual PCD 00 00": 3 PINs, 2 keys, 4 certificates \(see advice\)$' \
        cat "$WORK/$name.txt"
    expect_out "$name: the tries-left advice in English" \
        '^- card \(WARN\): Auth PIN has 2 tries left: a wrong PIN was entered before; the counter goes back' \
        cat "$WORK/$name.txt"
    expect_out "$name: the summary in English" '^Summary: [0-9]+ OK, [0-9]+ WARN, 0 FAIL, 0 SKIP: it works, with the warnings above\.$' \
        cat "$WORK/$name.txt"
done
expect "no locale and LANG=C: the same report (but its time)" \
    diff <(grep -v '^IAS-ECC middleware diagnostic report' "$WORK/none.txt") \
    <(grep -v '^IAS-ECC middleware diagnostic report' "$WORK/c.txt")

text_report fr LANG=fr_FR.UTF-8
text_report fr_lcall LC_ALL=fr_FR.UTF-8
text_report fr_language LANGUAGE=fr LANG=C.UTF-8
for name in fr fr_lcall fr_language; do
    expect_out "$name: the title in French" '^Rapport de diagnostic du logiciel IAS-ECC \(ias-diag [0-9.]+, ' cat "$WORK/$name.txt"
    expect_out "$name: the card line in French, status and id unchanged" \
        '^\[WARN\] +card +carte IAS-ECC dans « IAS Virtual PCD 00 00 » : 3 codes PIN, 2 clés, 4 certificats \(voir les conseils\)$' \
        cat "$WORK/$name.txt"
    expect_out "$name: the tries-left advice in French" \
        '^- card \(WARN\): Auth PIN : 2 essais restants : un code PIN erroné a été saisi auparavant ; le compteur revient au maximum' \
        cat "$WORK/$name.txt"
    expect_out "$name: the advice heading and summary in French, statuses unchanged" \
        '^Bilan : [0-9]+ OK, [0-9]+ WARN, 0 FAIL, 0 SKIP : cela fonctionne, avec les avertissements ci-dessus\.$' \
        cat "$WORK/$name.txt"
    expect_out "$name: 'What to do' in French" '^Que faire :$' cat "$WORK/$name.txt"
    [ "$(cat "$WORK/$name.rc")" = "$(cat "$WORK/none.rc")" ] && [ "$(cat "$WORK/$name.rc")" = 1 ] \
        && pass "$name: exit code 1 as in English" || fail "$name: exit $(cat "$WORK/$name.rc"), English $(cat "$WORK/none.rc")"
done
expect "French: one line per check, with the same ids and statuses as English" \
    diff <(grep -oE '^\[[A-Z]+\] +[a-z-]+' "$WORK/none.txt") <(grep -oE '^\[[A-Z]+\] +[a-z-]+' "$WORK/fr.txt")

# --verbose: the details' field names for people in French, the values as they are; English keeps the names.
text_report fr_verbose LANG=fr_FR.UTF-8 --verbose
text_report en_verbose --verbose
expect_out "French --verbose: the PIN's tries left with a French label" \
    '^ +pin: libellé=Auth PIN; rôle=authentication; référence=01; essais restants=2; essais maximum=3;' \
    cat "$WORK/fr_verbose.txt"
expect_out "English --verbose: the field names themselves" \
    '^ +pin: label=Auth PIN; role=authentication; reference=01; tries_left=2; max_tries=3;' cat "$WORK/en_verbose.txt"

# JSON: the same keys everywhere (every level), the same ids, statuses and summary; the prose is French.
LANG=fr_FR.UTF-8 run_diag fr --module "$MODULE"
frrc=$RC
run_diag en --module "$MODULE"
[ "$frrc" = "$RC" ] && pass "JSON: the same exit code in French and English ($RC)" || fail "JSON: exit $frrc in French, $RC in English"
shape='(sorted(d.keys()), [(c["id"], c["status"], sorted(c.keys()), [sorted(x.keys()) for x in c["details"]]) for c in d["checks"]], d["summary"], d["schema"], d["tool"])'
expect "JSON: keys, ids, statuses and summary unchanged in French" \
    diff <(report_value "$WORK/en.json" "$shape") <(report_value "$WORK/fr.json" "$shape")
every_check_id "$WORK/fr.json" "French JSON"
expect_value "JSON in French: the card's finding" "$WORK/fr.json" "check('card')['finding']" \
    'carte IAS-ECC dans « IAS Virtual PCD 00 00 » : 3 codes PIN, 2 clés, 4 certificats (voir les conseils)'
expect_value "JSON in French: the card's title" "$WORK/fr.json" "check('card')['title']" Carte
expect_value "JSON in French: detail values stay data (tries left)" "$WORK/fr.json" \
    "details('card','pin')[0]['tries_left']" 2
expect_value "JSON in English: the card's finding unchanged" "$WORK/en.json" "check('card')['finding']" \
    'IAS-ECC card in "IAS Virtual PCD 00 00": 3 PINs, 2 keys, 4 certificates (see advice)'

expect "the tries come back with the right PIN" "$TOOL" pin verify --pin-id 01 --pin-insecure-argv 1234
finish
