#!/bin/bash
# deb_content_test.sh DIR: what the fixture's .debs contain. Exactly the expected files, root:root, sane modes
# (directories and programs 0755, the module and the rest 0644, nothing world-writable); the control fields
# (Depends from dpkg-shlibdeps, pcscd recommended), the conffile, md5sums that match, the maintainer scripts;
# stripped PIE binaries without the checkout's or the build's path, libias-api private (RUNPATH of the tools
# only); the -dbgsym package with the debug files of every binary; the p11-kit registration; lintian: no error,
# and every warning explained in docs/packaging.md.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd -P)
deb=$(cat "$1/deb.path") || { echo "FAIL: no package from packaging.deb_build"; exit 1; }
build=$(cd "$1" && pwd -P)
work=$(mktemp -d "${TMPDIR:-/tmp}/ias-deb-content.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
pass() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
check() { local d=$1; shift; if "$@" >"$work/last" 2>&1; then pass "$d"; else fail "$d"; cat "$work/last"; fi; }
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
lib=usr/lib/$multiarch
doc=usr/share/doc/ias-ecc
private=$lib/ias-ecc
changelog=$repo/packaging/deb/debian/changelog
version=$(dpkg-parsechangelog -l "$changelog" -S Version)
dbgsym=$(dirname "$deb")/ias-ecc-dbgsym_${version}_$(dpkg --print-architecture).deb

# --- the file list ---------------------------------------------------------------------------------------------
# Exactly: what the install rules installed (the build's install_manifest.txt: new tools come with their own
# rules) minus IAS-API's development files (debian/not-installed), plus the documentation; the core files must
# be among them, and every file lies in a directory where this package may put files.
dpkg-deb -c "$deb" >"$work/listing" || fail "dpkg-deb -c"
# "-rw-r--r-- root/root 1234 2026-11-22 12:00 ./usr/bin/x[ -> target]"
awk '$1 !~ /^d/ { sub(/^\.\//, "", $6); print $6 }' "$work/listing" | LC_ALL=C sort >"$work/files"
manifest=$build/ias-ecc-$version/obj-$multiarch/install_manifest.txt
# Manual pages are installed as .N and packaged compressed (.N.gz) by dh_compress.
sed "s|^/||" "$manifest" | grep -v -e '^usr/include/' -e "^$private/libias-api.so\$" |
    sed -E 's|^(usr/share/man/man[1-8]/.*\.[1-8])$|\1.gz|' | LC_ALL=C sort >"$work/installed"
{
    cat "$work/installed"
    printf '%s\n' "$doc/README.md" "$doc/copyright" "$doc/changelog.gz"
    for f in "$repo"/docs/*.md; do
        case $(basename "$f") in card-profile.md | virtual-card.md | testbed.md) ;; *) echo "$doc/$(basename "$f")" ;; esac
    done
    for f in "$repo"/docs/images/*; do echo "$doc/images/$(basename "$f")"; done
} | LC_ALL=C sort >"$work/expected"
check "the package holds exactly the installed files and the documentation" diff "$work/expected" "$work/files"
for core in etc/ias-ecc/ias-ecc.conf usr/bin/ias-tool usr/bin/ias-diag usr/libexec/ias-ecc/ias-pinentry \
    "$private/libias-api.so.0" "$private/libias-api.so.0.1.0" "$lib/pkcs11/libias-pkcs11.so" "$lib/pkcs11/libias-pkcs11-auth.so" \
    usr/share/locale/fr/LC_MESSAGES/ias-pinentry.mo usr/share/p11-kit/modules/ias-ecc.module; do
    check "the package holds $core" grep -qx "$core" "$work/files"
done
check "every file is in a directory of this package's kind" test -z "$(grep -vE "^(etc/ias-ecc|etc/xdg/autostart|usr/bin|usr/libexec/ias-ecc|$private|$lib/pkcs11|usr/share/locale/[a-zA-Z_]+/LC_MESSAGES|usr/share/p11-kit/modules|usr/share/applications|usr/share/metainfo|usr/share/icons/.*|usr/share/man/man[1-8]|$doc|$doc/images)/[^/]+\$" "$work/files")"
check "every entry is owned by root:root" test -z "$(awk '$2 != "root/root"' "$work/listing")"
check "nothing is world-writable (but symbolic links)" test -z "$(awk '$1 !~ /^l/ && substr($1, 9, 1) == "w"' "$work/listing")"
check "directories are 0755" test -z "$(awk '$1 ~ /^d/ && $1 != "drwxr-xr-x"' "$work/listing")"
mode() { awk -v f="./$1" '$6 == f { print $1 }' "$work/listing"; }
for m in libias-pkcs11.so libias-pkcs11-auth.so; do
    check "the module $m is 0644" test "$(mode "$lib/pkcs11/$m")" = "-rw-r--r--"
done
for p in $(grep -E '^usr/(bin|libexec/ias-ecc)/' "$work/files"); do
    check "$p is 0755" test "$(mode "$p")" = "-rwxr-xr-x"
done
check "libias-api.so.0 is a symbolic link to libias-api.so.0.1.0, in the package's private directory" \
    grep -q "^l.* ./$private/libias-api.so.0 -> libias-api.so.0.1.0\$" "$work/listing"
check "nothing of libias-api in the public library directory" test -z "$(grep "^$lib/libias-api" "$work/files")"
check "other files are 0644" test -z "$(awk '$1 ~ /^-/ && $1 != "-rw-r--r--" && $6 !~ /\/(bin|libexec\/ias-ecc)\//' "$work/listing")"
check "every mtime is the changelog's date" test -z "$(awk -v d="$(TZ=UTC date -d @"$(dpkg-parsechangelog -l "$changelog" -S Timestamp)" '+%Y-%m-%d %H:%M')" '$4 " " $5 != d' "$work/listing")"

# --- control ----------------------------------------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
check "Package: ias-ecc" test "$(field Package)" = ias-ecc
check "Version from packaging/deb/debian/changelog" \
    test "$(field Version)" = "$(dpkg-parsechangelog -l "$changelog" -S Version)"
check "Architecture: $(dpkg --print-architecture)" test "$(field Architecture)" = "$(dpkg --print-architecture)"
for d in libc6 libstdc++6 libssl3 libsodium23 libpcsclite1 libgtk-4-1 libzip4; do
    check "Depends names $d" bash -c "dpkg-deb -f '$deb' Depends | tr ',' '\n' | grep -q '^ *$d\\b'"
done
check "Depends does not name the package itself" bash -c "! dpkg-deb -f '$deb' Depends | grep -q 'ias-ecc'"
check "Recommends: pcscd" test "$(field Recommends)" = pcscd
check "Installed-Size is a number of KiB" bash -c "[[ \$(dpkg-deb -f '$deb' Installed-Size) =~ ^[0-9]+\$ ]]"
check "Maintainer and Description are set" test -n "$(field Maintainer)" -a -n "$(field Description)"
# What `apt install ./ias-ecc_….deb` would do, simulated (nothing is installed): the fields parse and every
# dependency is satisfiable from this machine's sources.
check "apt-get -s install ./$(basename "$deb") would install the package" \
    bash -c "apt-get -s install '$deb' 2>&1 | grep -q '^Inst ias-ecc '"
mkdir -p "$work/control" "$work/root"
dpkg-deb -e "$deb" "$work/control"
dpkg-deb -x "$deb" "$work/root"
check "conffiles: the configuration and the login entry" \
    test "$(cat "$work/control/conffiles" | tr '\n' ' ')" = "/etc/ias-ecc/ias-ecc.conf /etc/xdg/autostart/ias-register-nssdb.desktop "
check "md5sums match the unpacked files" bash -c "cd '$work/root' && md5sum --quiet -c '$work/control/md5sums'"
check "md5sums covers every regular file but the conffiles" \
    test "$(wc -l <"$work/control/md5sums")" -eq "$(($(grep -c "^-" "$work/listing") - $(wc -l <"$work/control/conffiles")))"
# No shlibs nor ldconfig trigger: libias-api is private (no other package may link it).
check "the control archive: conffiles, control, md5sums and the maintainer scripts" \
    test "$(ls "$work/control" | LC_ALL=C sort | tr '\n' ' ')" = "conffiles control md5sums postinst postrm prerm "
# The browser-policy helper (packaging/browsers/), called by the maintainer scripts: add at configure, remove
# at prerm remove (kept under /var/lib/ias-ecc for postrm purge, when /usr/libexec is gone), purge with that
# copy. Every call guarded by [ -x ], and a failure only warns: the install never fails on a policy file.
helper=/usr/libexec/ias-ecc/ias-browser-policy
for step in "postinst add" "prerm remove"; do
    set -- $step
    check "$1 runs '$2' of $helper when it is there" grep -q "^ *$helper $2 ||" "$work/control/$1"
done
check "prerm keeps the helper for the purge" grep -q "cp $helper /var/lib/ias-ecc/ias-browser-policy-for-purge" \
    "$work/control/prerm"
check "postrm purge runs the kept helper" grep -q '"$helper" purge ||' "$work/control/postrm"
for script in postinst prerm postrm; do
    check "$script is a POSIX shell script that parses" sh -n "$work/control/$script"
done
check "every call of the helper is guarded by [ -x ]" \
    test "$(cat "$work/control"/p* | grep -c "^ *$helper ")" -eq "$(cat "$work/control"/p* | grep -c "if \[ -x $helper \]")"

# --- the files ----------------------------------------------------------------------------------------------
r=$work/root
check "the configuration has no active line (only comments and blank lines)" \
    test -z "$(grep -vE '^[[:space:]]*(#|$)' "$r/etc/ias-ecc/ias-ecc.conf")"
# Every pin./cache. key of ias-api's table (ConfigurationKeys.cpp) is explained in the default configuration.
table=$repo/ias-api/src/ConfigurationKeys.cpp
if [ -f "$table" ]; then
    keys=$(sed -n 's/^ *{"\([a-z_]*\.[a-z_]*\)",.*/\1/p' "$table")
    check "the key table lists keys" test -n "$keys"
    for k in $keys; do check "the default configuration mentions $k" grep -q "$k" "$r/etc/ias-ecc/ias-ecc.conf"; done
fi
check "the p11-kit registration names the module" \
    test "$(grep -v '^#' "$r/usr/share/p11-kit/modules/ias-ecc.module")" = "module: libias-pkcs11.so"
elves=("$r/$lib/pkcs11/libias-pkcs11.so" "$r/$lib/pkcs11/libias-pkcs11-auth.so" "$r/$private/libias-api.so.0.1.0" "$r"/usr/bin/* "$r"/usr/libexec/ias-ecc/*)
for e in "${elves[@]}"; do
    n=${e#"$r"/}
    check "$n is stripped" bash -c "file -b '$e' | grep -q ', stripped'"
    check "$n has no .comment section" bash -c "! readelf -S '$e' | grep -q ' \\.comment '"
    check "$n has a build-id" bash -c "readelf -n '$e' | grep -q 'Build ID'"
    if readelf -d "$e" | grep -c 'NEEDED.*libias-api.so.0' >/dev/null; then
        check "$n finds the private libias-api through RUNPATH /$private (only)" \
            test "$(readelf -d "$e" | sed -n 's/.*(RUNPATH).*\[\(.*\)\]/\1/p')" = "/$private"
    else
        check "$n has no RPATH/RUNPATH" bash -c "! readelf -d '$e' | grep -qE 'RPATH|RUNPATH'"
    fi
    check "$n is position-independent (PIE or shared object)" bash -c "readelf -h '$e' | grep -q 'Type: *DYN'"
    readelf -n "$e" | sed -n 's/.*Build ID: *//p' >>"$work/build-ids"
    check "$n is linked with BIND_NOW" bash -c "readelf -d '$e' | grep -qE 'BIND_NOW|FLAGS_1.*NOW'"
done
check "no file holds the checkout's path ($repo)" bash -c "! grep -rqaF '$repo' '$r'"
check "no file holds the build directory's path ($build)" bash -c "! grep -rqaF '$build' '$r'"
check "the changelog is gzip'ed without name or time stamp (gzip -n)" \
    test "$(od -An -tx1 -j3 -N5 "$r/$doc/changelog.gz" | tr -d ' ')" = 0000000000
check "the copyright file is DEP-5, LGPL-2.1+" \
    bash -c "head -1 '$r/$doc/copyright' | grep -q copyright-format/1.0 && grep -q '^License: LGPL-2.1+' '$r/$doc/copyright'"
check "no test program (virtual card, test bed) is packaged" \
    test -z "$(grep -v "^$doc/" "$work/files" | grep -Ei 'vcard|testbed|virtual|personali|gtest|test|fuzz|bench')"

# --- the -dbgsym package: the separate debug files of every binary, by build-id -------------------------------
check "the -dbgsym package was built ($(basename "$dbgsym"))" test -f "$dbgsym"
if [ -f "$dbgsym" ]; then
    check "ias-ecc-dbgsym depends on ias-ecc (= $version)" test "$(dpkg-deb -f "$dbgsym" Depends)" = "ias-ecc (= $version)"
    mkdir -p "$work/dbgsym"
    dpkg-deb -x "$dbgsym" "$work/dbgsym"
    while read -r id; do
        check "debug file of build-id $id" test -s "$work/dbgsym/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug"
    done <"$work/build-ids"
    check "the dbgsym Build-Ids field lists the binaries' build-ids" test "$(dpkg-deb -f "$dbgsym" Build-Ids |
        tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ')" = "$(LC_ALL=C sort "$work/build-ids" | tr '\n' ' ')"
    check "no debug file holds the checkout's or the build's path" \
        bash -c "! grep -rqaF -e '$repo' -e '$build' '$work/dbgsym'"
fi

# --- lintian (Debian's package checker), when installed: errors fail, every warning left is named in
# docs/packaging.md (where it is explained) --------------------------------------------------------------------
if command -v lintian >/dev/null; then
    changes=$(ls "$(dirname "$deb")"/ias-ecc_"${version}"_*.changes)
    lintian --tag-display-limit 0 "$changes" >"$work/lintian" 2>&1
    cat "$work/lintian"
    check "lintian reports no error" test -z "$(grep '^E:' "$work/lintian")"
    for tag in $(sed -n 's/^W: [^:]*: \([a-z0-9-]*\).*/\1/p' "$work/lintian" | sort -u); do
        check "lintian warning $tag is explained in docs/packaging.md" grep -q -- "\`$tag\`" "$repo/docs/packaging.md"
    done
else
    echo "lintian is not installed: not run"
fi

[ "$failures" -eq 0 ] && echo "all checks passed" && exit 0
echo "$failures check(s) failed"
exit 1
