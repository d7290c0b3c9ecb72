#!/bin/bash
# deb_published_hash_test.sh DIR: the .debs next to DIR/deb.path (ias-ecc and its -dbgsym) against SHA256SUMS
# (docs/packaging.md, "The release rule"). Equal: pass. Different, at a release tag (HEAD is v<version of
# packaging/deb/debian/changelog>) and with the toolchain of packaging/deb/build-environment.txt: fail.
# Different otherwise: skipped (exit 77) with the reason, since SHA256SUMS is refreshed for releases, not for
# every commit, and other toolchain versions give other bytes.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
deb=$(cat "$1/deb.path") || { echo "FAIL: no package from packaging.deb_build"; exit 1; }
built=$(cd "$(dirname "$deb")" && ls ./*.deb | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum)
published=$(LC_ALL=C sort -k2 "$repo/SHA256SUMS" 2>/dev/null)
echo "built:"
echo "$built"
echo "published (SHA256SUMS):"
echo "${published:-(none)}"
if [ "$built" = "$published" ]; then
    echo "ok: the packages built from this tree have the published hashes, and SHA256SUMS lists every one"
    exit 0
fi
if [ ! -f "$repo/packaging/deb/build-environment.txt" ]; then
    echo "SKIP: no packaging/deb/build-environment.txt (packaging/deb/build-deb --update writes it with SHA256SUMS)"
    exit 77
fi
if ! toolchain=$("$repo/packaging/deb/build-deb" --environment | diff "$repo/packaging/deb/build-environment.txt" -); then
    echo "the toolchain differs from packaging/deb/build-environment.txt (< recorded, > here):"
    echo "$toolchain"
    echo "SKIP: another toolchain gives other bytes; check the hash with the recorded versions"
    exit 77
fi
version=$(dpkg-parsechangelog -l "$repo/packaging/deb/debian/changelog" -S Version)
tag=$(git -C "$repo" describe --exact-match --tags HEAD 2>/dev/null)
if [ -n "$tag" ] && [ "$tag" = "v$version" ]; then
    echo "FAIL: release tag $tag, same toolchain: SHA256SUMS does not match the packages built from the tag"
    exit 1
fi
echo "SKIP: SHA256SUMS was made from another tree (packaging/deb/build-deb --update refreshes it before a release)"
exit 77
