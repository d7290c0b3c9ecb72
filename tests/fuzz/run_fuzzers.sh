#!/usr/bin/env bash
# Runs every fuzz target of a build made with -DIAS_FUZZ=ON for SECONDS each, IAS_FUZZ_JOBS (default 2) at a
# time, and prints the executions per second. Seeds: the virtual card's real answers in tests/fuzz/seeds/
# <target>/ (remade by seeds/make_seeds.sh) and the PKCS#15 sample files of tests/ias-api/data; the TLV
# target takes all the card answers. The hostile application ("app") starts from the call sequences of real
# clients in seeds/app/ (remade by seeds/make_app_seeds.py); the hostile card ("hostile_card") from seeds/
# hostile_card/: each flow once faithful and with one broken answer (byte 0 the flow, then command and fault
# bytes, as fuzz_hostile_card.cpp reads them). Findings land in BUILD/fuzz-findings/; each must
# become a regression test. Each finding is also summed up in BUILD/phase-failures.txt (target, the
# sanitizer's or libFuzzer's first error line, the input in hex), which scripts/test prints in its summary:
# a finding made on a CI machine must be reproducible from the CI's output alone.
# Usage: tests/fuzz/run_fuzzers.sh BUILD_DIR [SECONDS] [TARGET...]
# IAS_FUZZ_PARSER_SECONDS=S gives the parsers of card data (every target but app and hostile_card) S seconds
# instead of SECONDS: they run millions of inputs a minute and their coverage stops growing well before; the
# two flow targets run a few thousand and keep SECONDS. They start first, so that they overlap the parsers.
# IAS_FUZZ_EXTRA_SEEDS=DIR adds the files of DIR as seeds too (e.g. the card/ directory the virtual card's
# personalisation writes: 7001-aodf.der, 7002-prkdf.der ...).
set -euo pipefail
build=${1:?build directory}
seconds=${2:-60}
shift $(($# < 2 ? $# : 2))
here=$(cd "$(dirname "$0")" && pwd)
data=$(cd "$here/../ias-api/data" && pwd)
seedsDir="$here/seeds"
work="$build/fuzz-work"
findings="$build/fuzz-findings"
report="$build/phase-failures.txt"
jobs=${IAS_FUZZ_JOBS:-2}
mkdir -p "$work" "$findings"
rm -f "$report"

all=(app hostile_card tlv ef_dir odf tokeninfo aodf prkdf pukdf cdf certificate fcp ef_atr ef_sn sdo_answer sm_response)
if [ $# -gt 0 ]; then targets=("$@"); else targets=("${all[@]}"); fi

samples() {  # target -> sample file patterns in tests/ias-api/data (and IAS_FUZZ_EXTRA_SEEDS)
    case "$1" in
        tlv) echo "*.bin *.der" ;;
        ef_dir) echo "ef_dir*.bin *-dir.der" ;;
        odf) echo "odf*.bin *-odf.der" ;;
        tokeninfo) echo "tokeninfo*.bin *-tokeninfo.der" ;;
        aodf) echo "aodf*.bin *-aodf.der" ;;
        prkdf) echo "prkdf*.bin *-prkdf.der" ;;
        pukdf) echo "pukdf*.bin *-pukdf.der" ;;
        cdf) echo "cdf*.bin *-cdf.der" ;;
        certificate) echo "*_cert.der B0*.der" ;;
    esac
}

summarise_finding() {  # target log -> lines for the summary: the error, the input in hex (at most 2 KiB)
    local artifact error
    error=$(grep -m1 -E '^==[0-9]+==ERROR|^==[0-9]+== ERROR|^ERROR: libFuzzer|deadly signal|^ALARM' "$2" ||
        echo "exit without a sanitizer report; see $2")
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$2" | tail -1)
    echo "fuzz-$1: $error"
    if [ -n "$artifact" ] && [ -f "$artifact" ]; then
        echo "fuzz-$1: input $(basename "$artifact"), $(stat -c %s "$artifact") bytes:"
        { head -c 2048 "$artifact" | od -An -v -tx1 | tr -d ' \n' | fold -w 128; echo; } | sed "s/^/fuzz-$1:   /"
    fi
    # The first frames of the report say where; the whole report stays in the log.
    grep -m8 -E '^ +#[0-9]+ ' "$2" | sed "s/^ */fuzz-$1:   /" || true
}

run_one() {
    local t=$1 corpus="$work/corpus-$1" log="$work/$1.log" result=ok time=$seconds
    case "$t" in app | hostile_card) ;; *) time=${IAS_FUZZ_PARSER_SECONDS:-$seconds} ;; esac
    mkdir -p "$corpus"
    for dir in "$data" ${IAS_FUZZ_EXTRA_SEEDS:-}; do
        for p in $(samples "$t"); do
            for f in "$dir"/$p; do if [ -e "$f" ]; then cp "$f" "$corpus/"; fi; done
        done
    done
    if [ "$t" = tlv ]; then
        find "$seedsDir" -mindepth 2 -type f ! -path "*/app/*" ! -path "*/hostile_card/*" -exec cp {} "$corpus/" \;
    elif [ -d "$seedsDir/$t" ]; then
        cp "$seedsDir/$t"/* "$corpus/"
    fi
    # -timeout: one input running that long (wall clock) is reported as a hang. 30 s, not 5: an input takes
    # microseconds, and a loaded machine must not turn a descheduled process into a "finding".
    if ! "$build/tests/fuzz/fuzz-$t" -max_total_time="$time" -max_len=4096 -timeout=30 -rss_limit_mb=1024 \
        -artifact_prefix="$findings/$t-" -print_final_stats=1 "$corpus" >"$log" 2>&1; then
        result=FINDING
        summarise_finding "$t" "$log" >"$work/$t.finding"
    fi
    local runs secs cov
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
    printf '%-12s %-8s %4s s runs=%-10s exec/s=%-8s %s corpus=%s\n' "$t" "$result" "$time" "${runs:-?}" "${secs:-?}" \
        "${cov:-}" "$(ls "$corpus" | wc -l)" >"$work/$t.result"
}

start=$SECONDS
running=0
for t in "${targets[@]}"; do
    rm -f "$work/$t.result" "$work/$t.finding"
    if [ "$running" -ge "$jobs" ]; then
        wait -n || true
        running=$((running - 1))
    fi
    run_one "$t" &
    running=$((running + 1))
done
wait || true

status=0
for t in "${targets[@]}"; do
    if [ -s "$work/$t.result" ]; then cat "$work/$t.result"; else echo "fuzz-$t: no result" | tee -a "$report"; status=1; fi
    if grep -q FINDING "$work/$t.result" 2>/dev/null; then
        status=1
        tee -a "$report" <"$work/$t.finding"
    fi
done
echo "fuzzing: ${#targets[@]} targets, $seconds s each (parsers ${IAS_FUZZ_PARSER_SECONDS:-$seconds} s), $jobs at a time: $((SECONDS - start)) s"
exit $status
