#!/bin/sh
# Runs every fuzz target of a build made with -DIAS_FUZZ=ON for SECONDS each, seeded from the sample files
# of tests/ias-api/data, and prints the executions per second. Findings land in BUILD/fuzz-findings/.
# Usage: tests/fuzz/run_fuzzers.sh BUILD_DIR [SECONDS]
# IAS_FUZZ_EXTRA_SEEDS=DIR adds the files of DIR as seeds too (e.g. the card/ directory the virtual card's
# personalisation writes: 7001-aodf.der, 7002-prkdf.der ...).
set -eu
build=${1:?build directory}
seconds=${2:-60}
data=$(cd "$(dirname "$0")/../ias-api/data" && pwd)
work="$build/fuzz-work"
findings="$build/fuzz-findings"
mkdir -p "$work" "$findings"

seeds() {  # target -> sample file patterns
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

status=0
for t in tlv ef_dir odf tokeninfo aodf prkdf pukdf cdf certificate; do
    corpus="$work/corpus-$t"
    mkdir -p "$corpus"
    for dir in "$data" ${IAS_FUZZ_EXTRA_SEEDS:-}; do
        for p in $(seeds "$t"); do
            for f in "$dir"/$p; do if [ -e "$f" ]; then cp "$f" "$corpus/"; fi; done
        done
    done
    log="$work/$t.log"
    if "$build/tests/fuzz/fuzz-$t" -max_total_time="$seconds" -max_len=4096 -timeout=5 -rss_limit_mb=1024 \
        -artifact_prefix="$findings/$t-" -print_final_stats=1 "$corpus" >"$log" 2>&1; then
        result=ok
    else
        result=FINDING
        status=1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    printf '%-12s %-8s runs=%-10s exec/s=%-8s %s corpus=%s\n' "$t" "$result" "${runs:-?}" "${secs:-?}" \
        "${cov:-}" "$(ls "$corpus" | wc -l)"
done
exit $status
