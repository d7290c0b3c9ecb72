# Shared by the PAM tests: Debian's pam_p11 (libpam-p11) loads libias-pkcs11.so inside pamtester, on the test
# bed. The machine's /etc/pam.d and /etc/passwd are never touched: the test runs again in a private mount
# namespace where copies are bind-mounted over them (the test service and test users only exist there), and
# the outer run checks afterwards that the host's files are unchanged.
# Order in a test: source this file, pam_namespace "$@" (before any test bed: it must start inside), then
# source ../pkcs11-clients/clientlib.sh, client_bed_up, pam_setup.
PAM_SERVICE=ias-ecc-test
PAM_P11=/lib/x86_64-linux-gnu/security/pam_p11.so

# host_etc: what must be the same before and after the test on the host.
host_etc() { sha256sum /etc/passwd /etc/group 2>&1; ls -la /etc/pam.d 2>&1; }

pam_namespace() {  # pam_namespace "$@": on the host, run this script again in a private mount namespace
    [ "${IAS_PAM_INNER:-}" = 1 ] && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "SKIP: a private mount namespace (unshare -m) and bind mounts over /etc need root"
        exit 77
    fi
    command -v pamtester >/dev/null || { echo "FAIL: no pamtester (scripts/install-deps)"; exit 1; }
    [ -f "$PAM_P11" ] || { echo "FAIL: no $PAM_P11 (libpam-p11, scripts/install-deps)"; exit 1; }
    local before rc
    before=$(host_etc)
    IAS_PAM_INNER=1 unshare -m --propagation private -- bash "$0" "$@"
    rc=$?
    if [ "$(host_etc)" != "$before" ]; then
        echo "FAIL: the host's /etc/passwd, /etc/group or /etc/pam.d changed"
        exit 1
    fi
    echo "ok: the host's /etc/passwd, /etc/group and /etc/pam.d are as before"
    exit $rc
}

# pam_setup: inside the namespace, after client_bed_up: the service file, passwd/group copies, mounted.
pam_setup() {
    [ "${IAS_PAM_INNER:-}" = 1 ] || { echo "FAIL: pam_setup outside the namespace"; exit 1; }
    mkdir -p "$W/pam.d" "$W/home"
    # What an administrator writes (docs/pam.md); Debian's pam_p11 0.3.1 takes the PKCS#11 module as its
    # only argument (a second one would be a regular expression the PIN must match).
    printf 'auth required pam_p11.so %s\n' "$MODULE" >"$W/pam.d/$PAM_SERVICE"
    # The same with pam_p11's optional second argument, a regular expression the PIN must match.
    printf 'auth required pam_p11.so %s ^[[:digit:]]{4,8}$\n' "$MODULE" >"$W/pam.d/$PAM_SERVICE-regex"
    cp /etc/passwd "$W/passwd" && cp /etc/group "$W/group" || exit 1
    mount --bind "$W/pam.d" /etc/pam.d && mount --bind "$W/passwd" /etc/passwd &&
        mount --bind "$W/group" /etc/group || { echo "FAIL: bind mounts over /etc"; exit 1; }
}

# add_user NAME: a user (first free uid from 61000) with its home in $W/home/NAME and an empty ~/.eid.
add_user() {
    local uid
    uid=$(awk -F: '{ used[$3] = 1 } END { for (i = 61000; ; i++) if (!(i in used)) { print i; exit } }' "$W/passwd")
    mkdir -p "$W/home/$1/.eid"
    echo "$1:x:$uid:$uid:IAS-ECC PAM test user:$W/home/$1:/usr/sbin/nologin" >>"$W/passwd"
    echo "$1:x:$uid:" >>"$W/group"
    chmod 0755 "$W/home/$1/.eid"
    chown -R "$uid:$uid" "$W/home/$1"
}

# pam_auth NAME USER [STDIN]: pamtester's authentication of USER, bounded by 60 s; the answers to the
# prompts come from STDIN (default /dev/null); PAM_SERVICE_USED names another service. Sets PAM_RC
# (124: timeout), PAM_S (seconds); output in $W/NAME.out/.err.
pam_auth() {
    local name=$1 user=$2 input=${3:-/dev/null} start
    start=$(date +%s.%N)
    timeout 60 pamtester "${PAM_SERVICE_USED:-$PAM_SERVICE}" "$user" authenticate <"$input" \
        >"$W/$name.out" 2>"$W/$name.err"
    PAM_RC=$?
    PAM_S=$(printf '%.2f' "$(echo "$(date +%s.%N) - $start" | bc)")
    echo "-- $name: pamtester exit $PAM_RC after $PAM_S s; it showed:"
    sed 's/^/   /' "$W/$name.err" "$W/$name.out"
}

# APDU log: VERIFY of the authentication PIN with a PIN (not the status query without data), and the
# INTERNAL AUTHENTICATE that signs pam_p11's challenge (CKM_RSA_PKCS over a SHA-1 DigestInfo: 30 21 30 09
# 06 05 2B0E03021A 05 00 04 14, then the 20-byte hash of 30 random bytes).
auth_verifies() { grep -Ec '^C (00|0C)200001 ' "$BED/apdu.log"; }
sha1_challenges() { grep -Ec '^C 00880000 233021300906052B0E03021A05000414[0-9A-F]{40}00$' "$BED/apdu.log"; }
internal_auths() { grep -Ec '^C (00|0C)88' "$BED/apdu.log"; }
authenticated() { [ "$PAM_RC" = 0 ] && grep -q "successfully authenticated" "$W/$1.out" "$W/$1.err"; }
# tries_after_login: the authentication PIN's tries left once the card has forgotten a verification (a PIN
# verified by pam_p11 stays verified on the card until pcscd powers it off: see docs/pam.md).
tries_after_login() { "$testbed" restart-card "$BED" >/dev/null && tries_left 01; }
