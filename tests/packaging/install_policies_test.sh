#!/bin/bash
# install_policies_test.sh DEB_DIR: the fixture's package installed with `apt-get install ./ias-ecc_….deb` (the
# citizen's command; no package source, so nothing is downloaded) into a throwaway root (installlib.sh) where
# the administrator's Firefox policies.json is not valid JSON and Thunderbird has none. The installation
# succeeds with a warning naming the file, which is left untouched (the same bytes, mode and time) through
# install, remove and purge; Thunderbird's file is created with our entry (0644 root:root), becomes a Delete
# entry on removal, and the purge takes it and the directories it made away. No browser runs.
source "$(dirname "$0")/installlib.sh"
install_namespace "$@"
install_bed_up
root_up

mkdir -p "$ROOT/etc/firefox/policies"
# a trailing comma: Firefox itself would ignore every policy of this file
printf '{\n  "policies": {\n    "DisableTelemetry": true,\n    "DisablePocket": true,\n  }\n}\n' >"$ROOT$FF_POLICY"
touch -d '2024-01-02 03:04:05' "$ROOT$FF_POLICY"
witness() { stat -c '%a %U:%G %Y %s' "$ROOT$FF_POLICY" && sha256sum <"$ROOT$FF_POLICY"; }
invalid=$(witness)
tb_dir_existed=no
[ -e "$ROOT/etc/thunderbird/policies" ] && tb_dir_existed=yes
expect "Thunderbird has no policies.json in the root before the installation" test ! -e "$ROOT$TB_POLICY"
upper_snapshot "$W/before.txt"

root_apt install install "$DEB"
expect "apt-get install succeeds despite the invalid policies.json" test "$PKG_RC" = 0
expect "the installation warns about the invalid file, naming it" grep -E "warning.*$FF_POLICY|$FF_POLICY.*(invalid|not valid|JSON)" "$W/install.log"
grep -F "$FF_POLICY" "$W/install.log"
expect "the invalid file is untouched (bytes, mode, owner, time)" test "$(witness)" = "$invalid"
expect "Thunderbird's policies.json was created with our entry" \
    test "$(jq_py "$ROOT$TB_POLICY" "d['policies']['SecurityDevices']")" = "{'Add': {'IAS-ECC': '$PKG_MODULE'}}"
expect "and nothing else" test "$(jq_py "$ROOT$TB_POLICY" "list(d['policies'])")" = "['SecurityDevices']"
expect "mode 0644, root:root" test "$(stat -c '%a %U:%G' "$ROOT$TB_POLICY")" = "644 root:root"

root_dpkg remove --remove ias-ecc
expect "dpkg --remove succeeds" test "$PKG_RC" = 0
expect "the invalid file is still untouched" test "$(witness)" = "$invalid"
expect "Thunderbird's entry became a Delete entry" \
    test "$(jq_py "$ROOT$TB_POLICY" "d['policies']['SecurityDevices']")" = "{'Delete': ['IAS-ECC']}"

root_apt purge purge ias-ecc
expect "apt-get purge succeeds" test "$PKG_RC" = 0
expect "the invalid file is still untouched" test "$(witness)" = "$invalid"
expect "Thunderbird's policies.json, created by the package, is gone" test ! -e "$ROOT$TB_POLICY"
[ $tb_dir_existed = no ] &&
    expect "and the directory the package made for it" test ! -e "$ROOT/etc/thunderbird/policies"
purge_leaves_nothing
finish
