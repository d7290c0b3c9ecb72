# Shared by the acceptance tests that install the package for real (docs/packaging.md, "Acceptance: the package
# installed in a throwaway root"). The fixture's .deb is installed with apt into an overlay of the machine's
# own root: lower layer /, upper layer a tmpfs, mounted in a private mount namespace and entered with chroot,
# so dpkg, the maintainer scripts and the browsers see a whole Debian system (the machine's Firefox,
# Thunderbird, OpenSC, pcscd) while every write lands in the tmpfs and vanishes with the namespace. The test
# bed runs outside the root; its directory is under /tmp, which is bound into the root, so the module reaches
# the bed's pcscd socket. A new user made inside the root runs the browsers.
#
# Order in a test: source this file, install_namespace DEB_DIR "$@" (re-runs the script in the namespace),
# install_bed_up [bed options] (test bed, work dir W, browser helpers), root_up, then root_* and as_user.
here_install=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PKG_MODULE=/usr/lib/x86_64-linux-gnu/pkcs11/libias-pkcs11.so
# the browsers' module (the authentication token only): what Firefox's policy and Chromium's login register
PKG_BROWSER_MODULE=/usr/lib/x86_64-linux-gnu/pkcs11/libias-pkcs11-auth.so
TEST_USER=citizen
FF_POLICY=/etc/firefox/policies/policies.json
TB_POLICY=/etc/thunderbird/policies/policies.json

# host_witness: what of the machine's own root the test must leave as it found it: the policy files, the
# autostart entry, the module's directory, the package database's view of ias-ecc, the user database.
host_witness() {
    local f
    for f in "$FF_POLICY" "$TB_POLICY" /etc/chromium/policies/managed /etc/xdg/autostart/ias-register-nssdb.desktop \
        "$PKG_MODULE" "$PKG_BROWSER_MODULE" /usr/libexec/ias-ecc /usr/bin/ias-register-nssdb /var/lib/ias-ecc /etc/passwd /etc/group \
        /etc/shadow; do
        if [ -d "$f" ]; then echo "$f: dir $(ls -la "$f" | sha256sum)"; elif [ -e "$f" ]; then sha256sum "$f"; else
            echo "$f: absent"; fi
    done
    dpkg-query -W -f='${db:Status-Abbrev} ${Package} ${Version}\n' ias-ecc 2>&1
}

# install_namespace DEB_DIR "$@": on the host, checks what is needed and runs this script again in a private
# mount namespace; afterwards, that the host's witness files are unchanged. Inside, sets DEB (the .deb).
install_namespace() {
    local dir=$1
    shift
    DEB=$(cat "$dir/deb.path" 2>/dev/null) || { echo "FAIL: no package from packaging.deb_build in $dir"; exit 1; }
    [ -f "$DEB" ] || { echo "FAIL: $DEB is missing"; exit 1; }
    [ "${IAS_INSTALL_INNER:-}" = 1 ] && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "SKIP: an overlay root in a private mount namespace (unshare -m, mount, chroot) needs root"
        exit 77
    fi
    local before rc start
    before=$(host_witness)
    start=$(date +%s.%N)
    IAS_INSTALL_INNER=1 unshare -m --propagation private -- bash "$0" "$dir" "$@"
    rc=$?
    if [ "$(host_witness)" != "$before" ]; then
        echo "FAIL: the machine's own files changed:"
        diff <(echo "$before") <(host_witness)
        exit 1
    fi
    echo "ok: the machine's policy files, autostart entry, module path, user database and dpkg's ias-ecc are as before"
    echo "test time $(echo "$(date +%s.%N) $start" | awk '{printf "%.1f", $1 - $2}') s"
    exit $rc
}

# install_bed_up [testbed up options]: the test bed and the browser helpers of tests/browsers/ (work dir W); the
# module they name is the packaged one, unpacked (dpkg-deb -x) into W/unpacked, which also lists its files.
install_bed_up() {
    UNPACKED=$(mktemp -d "${TMPDIR:-/tmp}/ias-unpacked.XXXXXX")
    dpkg-deb -x "$DEB" "$UNPACKED" || { echo "FAIL: dpkg-deb -x $DEB"; exit 1; }
    export IAS_PKCS11_MODULE=$UNPACKED$PKG_MODULE
    # shellcheck source=../browsers/browserlib.sh
    source "$here_install/../browsers/browserlib.sh"
    browser_bed_up "$@"
    trap 'stop_started; root_down; rm -rf "$UNPACKED"; bed_down' EXIT
    # the new user reaches the bed's pcscd socket (0666), configuration and CA through the bed's directory
    chmod 0755 "$BED" "$W"
}

# root_up: the overlay root ROOT (upper layer UPPER on a tmpfs at OVL), /proc /sys /dev bound in, /tmp bound
# (not recursively: the tmpfs under /tmp stays out of the root's view), and the new user TEST_USER.
root_up() {
    OVL=$(mktemp -d "${TMPDIR:-/tmp}/ias-root.XXXXXX")
    mount -t tmpfs -o mode=0755 ias-root "$OVL" || { fail "tmpfs for the overlay"; finish; }
    mkdir "$OVL/upper" "$OVL/work" "$OVL/root"
    UPPER=$OVL/upper ROOT=$OVL/root
    mount -t overlay ias-root -o "lowerdir=/,upperdir=$UPPER,workdir=$OVL/work" "$ROOT" ||
        { fail "overlay over /"; finish; }
    mount --rbind /proc "$ROOT/proc" && mount --rbind /sys "$ROOT/sys" && mount --rbind /dev "$ROOT/dev" &&
        mount --bind /tmp "$ROOT/tmp" || { fail "bind mounts into the root"; finish; }
    # man-db's trigger rebuilds the whole manual index (seconds) after every dpkg run; Debian's own switch
    # (man-db(8): /var/lib/man-db/auto-update) turns it off in this root only
    rm -f "$ROOT/var/lib/man-db/auto-update"
    root useradd --create-home --shell /bin/bash "$TEST_USER" || { fail "useradd in the root"; finish; }
    TEST_UID=$(root id -u "$TEST_USER") TEST_GID=$(root id -g "$TEST_USER")
    TEST_HOME=/home/$TEST_USER
    # a login's environment with the test bed's pcscd socket and configuration (the card's SM keys), nothing
    # else of the test's environment
    USER_CMD=(chroot --userspec="$TEST_UID:$TEST_GID" --groups="$TEST_GID" "$ROOT" /usr/bin/env -i HOME="$TEST_HOME"
        USER="$TEST_USER" LOGNAME="$TEST_USER" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8
        XDG_RUNTIME_DIR="$TEST_HOME/.run" PCSCLITE_CSOCK_NAME="$PCSCLITE_CSOCK_NAME" IAS_ECC_CONF="$IAS_ECC_CONF"
        MOZ_CRASHREPORTER_DISABLE=1 MOZ_DISABLE_AUTO_SAFE_MODE=1)
}

root_down() {
    [ -n "${OVL:-}" ] || return 0
    umount -R -l "$ROOT" 2>/dev/null
    umount -l "$OVL" 2>/dev/null
    rmdir "$OVL" 2>/dev/null
    OVL=
}

# root CMD...: CMD as root inside the root
root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

# root_dpkg NAME ARGS...: dpkg ARGS as root in the root (what apt runs once it has resolved the dependencies:
# the maintainer scripts are the same; apt costs 20-50 s more per call here, rebuilding its cache); output in
# $W/NAME.log, status in PKG_RC
root_dpkg() {
    local name=$1
    shift
    root DEBIAN_FRONTEND=noninteractive dpkg "$@" >"$W/$name.log" 2>&1
    PKG_RC=$?
    echo "-- dpkg $*: exit $PKG_RC"
}

# root_apt NAME ARGS...: apt-get ARGS (non-interactive) as root in the root, with no package source at all: the
# package's dependencies must be on the machine already, and nothing is downloaded; as root_dpkg
root_apt() {
    local name=$1
    shift
    mkdir -p "$W/no-sources.d"
    : >"$W/no-sources.list"
    root DEBIAN_FRONTEND=noninteractive apt-get -y -q -o Dpkg::Use-Pty=0 -o Dir::Etc::SourceList="$W/no-sources.list" \
        -o Dir::Etc::SourceParts="$W/no-sources.d" "$@" >"$W/$name.log" 2>&1
    PKG_RC=$?
    echo "-- apt-get $*: exit $PKG_RC"
}

# as_user CMD...: CMD as TEST_USER inside the root (USER_CMD, set by root_up)
as_user() { "${USER_CMD[@]}" "$@"; }

# user_profile DIR MARIONETTE_PORT: a fresh profile in the user's home (only prefs: no NSS database yet)
user_profile() {
    write_prefs "$ROOT$1" "$2"
    mkdir -p "$ROOT$TEST_HOME/.run"
    chmod 0700 "$ROOT$TEST_HOME/.run"
    chown -R "$TEST_UID:$TEST_GID" "$ROOT$TEST_HOME"
}

# start_user_browser BINARY PROFILE LOG: as start_browser (tests/browsers/browserlib.sh), as the user in the root
start_user_browser() {
    timeout -k 5 240 "${USER_CMD[@]}" "$1" --headless --marionette --remote-allow-system-access --no-remote --profile "$2" \
        about:blank >"$3" 2>&1 </dev/null &
    started_pids+=($!)
    BROWSER_PID=$!
}

# names_module FILE [LIBRARY]: the NSS module list FILE (a profile's pkcs11.txt) has a module with that library
# (default: the package's module with both tokens)
names_module() { grep -Fq "library=${2:-$PKG_MODULE}" "$1"; }

# upper_snapshot OUT: what the root holds that the machine's root does not: every entry of the overlay's upper
# layer that differs from the same path of the lower layer (/), with its type, mode, owner and content hash;
# entries merely copied up (a directory in which a file was written, a file rewritten with the same bytes)
# are left out, and so is the user's home (browser profiles: the user's data, not the package's)
upper_snapshot() {
    /usr/bin/python3 - "$UPPER" "${TEST_HOME#/}" >"$1" <<'PY'
import hashlib, os, stat, sys
upper, home = sys.argv[1], sys.argv[2]

def describe(path):
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    what = "%o %d:%d" % (st.st_mode, st.st_uid, st.st_gid)
    if stat.S_ISDIR(st.st_mode):
        return "dir " + what
    if stat.S_ISREG(st.st_mode):
        with open(path, "rb") as f:
            return what + " " + hashlib.sha256(f.read()).hexdigest()
    if stat.S_ISLNK(st.st_mode):
        return what + " -> " + os.readlink(path)
    if stat.S_ISCHR(st.st_mode) and st.st_rdev == 0:
        return "whiteout"
    return what

for top, dirs, files in os.walk(upper):
    dirs.sort()
    rel_top = os.path.relpath(top, upper)
    if rel_top == home or rel_top.startswith(home + "/"):
        dirs[:] = []
        continue
    for name in sorted(dirs + files):
        rel = "/" + os.path.normpath(os.path.join(rel_top, name))
        mine = describe(os.path.join(top, name))
        lower = describe(rel)
        if mine == lower or (mine and lower and mine.startswith("dir ") and lower.startswith("dir ")):
            continue
        print(rel, mine)
PY
}

# What dpkg and apt keep about their own runs (logs, their databases and backups, caches) and the caches the
# triggers of other packages rebuild (icons, desktop entries' MIME types): these may differ after a purge;
# every other difference from the state before the installation is a trace. Of them, only the logs and
# dpkg's backups may still name the package.
BOOKKEEPING='^/(var/(log/(dpkg\.log|apt/(history|term|eipp)\.log[^ ]*|alternatives\.log)|lib/dpkg/(status|status-old|available|available-old|lock[^ ]*|triggers/[^ ]+|diversions-old|statoverride-old)|cache/(apt|debconf|ldconfig|man)/[^ ]+|lib/apt/(extended_states|lists/[^ ]+))|usr/share/(icons/[^ /]+/icon-theme\.cache|applications/mimeinfo\.cache|mime/[^ ]+)) '
HISTORY='^/var/(log/|lib/dpkg/[a-z]+-old )'

# purge_leaves_nothing: after the purge, no file of the package is in the root, and the root differs from the
# machine's root as it did before the installation, apart from BOOKKEEPING (whose caches must not name us)
purge_leaves_nothing() {
    local left
    left=$(cd "$UNPACKED" && find . ! -type d | sed 's/^\.//' | while read -r f; do
        [ -e "$ROOT$f" ] || [ -L "$ROOT$f" ] && echo "$f"; done)
    expect "no file of the package is left in the root ($(cd "$UNPACKED" && find . ! -type d | wc -l) looked for)" \
        test -z "$left"
    [ -z "$left" ] || echo "left: $left"
    expect "no state directory /var/lib/ias-ecc" test ! -e "$ROOT/var/lib/ias-ecc"
    upper_snapshot "$W/after.txt"
    diff "$W/before.txt" "$W/after.txt" >"$W/upper.diff"
    grep '^[<>]' "$W/upper.diff" | cut -c3- | grep -Ev "$BOOKKEEPING" >"$W/traces.txt"
    expect "the root differs from the machine's as before the installation (upper layer; dpkg's and apt's records aside)" \
        test ! -s "$W/traces.txt"
    [ -s "$W/traces.txt" ] && cat "$W/traces.txt"
    echo "dpkg's and apt's records that changed: $(grep '^[<>]' "$W/upper.diff" | cut -c3- | grep -E "$BOOKKEEPING" |
        cut -d' ' -f1 | sort -u | tr '\n' ' ')"
    local cache found=""
    for cache in $(grep '^>' "$W/upper.diff" | cut -c3- | grep -E "$BOOKKEEPING" | grep -Ev "$HISTORY" | cut -d' ' -f1); do
        [ -f "$ROOT$cache" ] && grep -qaE 'ias-ecc|libias|iasecc' "$ROOT$cache" && found+=" $cache"
    done
    expect "no database or cache names the package any more (logs aside)${found:+:$found}" test -z "$found"
    expect_not "no policy file of the root names the module" \
        grep -rqsF -e "$PKG_MODULE" -e "$PKG_BROWSER_MODULE" "$ROOT/etc/firefox" "$ROOT/etc/thunderbird" "$ROOT/usr/lib/firefox-esr/distribution" \
        "$ROOT/usr/lib/thunderbird/distribution"
}

# root_without_opensc: Debian's OpenSC (opensc, opensc-pkcs11, with its login registration pkcs11-register)
# taken out of the root, to compare a case with and without it (the machine has it, so the root has it too)
root_without_opensc() {
    root_dpkg no-opensc --remove opensc opensc-pkcs11
    [ "$PKG_RC" = 0 ] || { fail "dpkg --remove opensc opensc-pkcs11 in the root"; cat "$W/no-opensc.log"; finish; }
}
