#!/bin/bash
# The installed libias-api: `cmake --install` into a temporary prefix, then a program that includes every
# installed header and links only -lias-api builds with -Wall -Wextra -Werror and catches the library's
# exceptions by type; the library exports the namespace ias and nothing else; ias-tool needs only it.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${IAS_BUILD_DIR:?IAS_BUILD_DIR names the build directory}
failures=0
pass() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
prefix=$(mktemp -d "${TMPDIR:-/tmp}/ias-install.XXXXXX")
trap 'rm -rf "$prefix"' EXIT

# Only the components of this library and tool (other parts of the build may not be built).
for component in ias-api ias-tool; do
    cmake --install "$build" --prefix "$prefix" --component $component > "$prefix/install.log" 2>&1 \
        && pass "cmake --install --component $component" || { fail "cmake --install --component $component"; cat "$prefix/install.log"; }
done
lib=$(ls "$prefix"/lib*/libias-api.so.0 2>/dev/null | head -1)
[ -n "$lib" ] && pass "libias-api.so.0 installed" || fail "no libias-api.so.0 under $prefix/lib*"
[ -x "$prefix/bin/ias-tool" ] && pass "ias-tool installed" || fail "no bin/ias-tool"
soname=$(objdump -p "$lib" | awk '/SONAME/ {print $2}')
[ "$soname" = libias-api.so.0 ] && pass "SONAME libias-api.so.0" || fail "SONAME $soname"
# One nm run into a variable: `nm | grep -q` can fail under pipefail when grep exits first (SIGPIPE).
symbols=$(nm -D --defined-only "$lib")
others=$(echo "$symbols" | awk '{print $3}' | grep -Ev '^(_ZN3ias|_ZNK3ias|_ZT[ISV]N3ias|_ZTh.*N3ias|_ZTv.*N3ias|IAS_API_0$)')
[ -z "$others" ] && pass "only namespace ias is exported" || fail "also exported: $(echo "$others" | head -5)"
grep -q ' _ZTIN3ias3api11Pkcs15ErrorE@' <<<"$symbols" && pass "typeinfo of ias::api::Pkcs15Error exported" \
    || fail "no typeinfo of Pkcs15Error"

{ for h in "$prefix"/include/ias/*/*.h; do echo "#include \"${h#"$prefix"/include/}\""; done
  cat "$here/installed_consumer.cpp"; } > "$prefix/consumer.cpp"
if g++ -std=c++20 -Wall -Wextra -Werror -I"$prefix/include" "$prefix/consumer.cpp" -L"$(dirname "$lib")" -lias-api \
       -Wl,-rpath,"$(dirname "$lib")" -o "$prefix/consumer" > "$prefix/cc.log" 2>&1; then
    pass "a program against the installed headers and -lias-api builds"
else
    fail "the consumer does not build"; cat "$prefix/cc.log"
fi
PCSCLITE_CSOCK_NAME="$prefix/no-pcscd.comm" "$prefix/consumer" && pass "it catches the library's exceptions by type" \
    || fail "consumer failed"
needed=$(objdump -p "$prefix/bin/ias-tool" | awk '/NEEDED/ {print $2}' | tr '\n' ' ')
case $needed in *libias-api.so.0*) pass "ias-tool links libias-api.so.0 ($needed)" ;; *) fail "ias-tool needs: $needed" ;; esac
LD_LIBRARY_PATH=$(dirname "$lib") "$prefix/bin/ias-tool" --version | grep -c '^ias-tool ' >/dev/null && pass "the installed ias-tool runs" \
    || fail "installed ias-tool does not run"
[ "$failures" -eq 0 ] && echo "all checks passed" && exit 0
echo "$failures check(s) failed"; exit 1
