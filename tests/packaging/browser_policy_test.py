#!/usr/bin/python3
"""ias-browser-policy in a throwaway root: known answers written here by hand, checked with Python's json
module and sha256, never with the helper's own code. Usage: browser_policy_test.py HELPER FIREFOX_MODULE THUNDERBIRD_MODULE
(Firefox gets the browsers' module, the authentication token only; Thunderbird the module with both tokens)."""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import unittest

HELPER, MODULE, THUNDERBIRD_MODULE = sys.argv[1], sys.argv[2], sys.argv[3]
FIREFOX = "etc/firefox/policies/policies.json"
THUNDERBIRD = "etc/thunderbird/policies/policies.json"
FIREFOX_DIST = "usr/lib/firefox-esr/distribution/policies.json"
OURS = {"policies": {"SecurityDevices": {"Add": {"IAS-ECC": MODULE}}}}
OURS_THUNDERBIRD = {"policies": {"SecurityDevices": {"Add": {"IAS-ECC": THUNDERBIRD_MODULE}}}}

# An administrator's file: tabs, a number nlohmann would write otherwise (1.50e3), raw and escaped
# non-ASCII, a space before a colon, one-line and multi-line objects, another module in Add, our name and
# another in Delete, a member after "policies", no final newline.
ADMIN = """{
\t"policies": {
\t\t"DisableTelemetry": true,
\t\t"Homepage": {"URL": "https://intranet.example/\u00e9t\u00e9", "Locked": false},
\t\t"Preferences": { "x.y": { "Value": 1.50e3 , "Status": "locked" } },
\t\t"Certificates" : {"Install": ["a.pem", "\\u00e9t\\u00e9.pem"]},
\t\t"SecurityDevices": {
\t\t\t"Add": {
\t\t\t\t"Other PKCS11": "/opt/other/libother.so"
\t\t\t},
\t\t\t"Delete": ["Old", "IAS-ECC"]
\t\t}
\t},
\t"zzz": null
}"""
ADMIN_ADDED = ADMIN.replace(
    '"/opt/other/libother.so"\n', '"/opt/other/libother.so",\n\t\t\t\t"IAS-ECC": "%s"\n' % MODULE).replace(
    '["Old", "IAS-ECC"]', '["Old"]')
ADMIN_REMOVED = ADMIN.replace('["Old", "IAS-ECC"]', '["Old", "IAS-ECC"]')  # Add loses ours, Delete has it

PLAIN = """{
  "policies": {
    "DisableAppUpdate": true,
    "ExtensionSettings": {"*": {"installation_mode": "blocked"}}
  }
}
"""
PLAIN_ADDED = PLAIN.replace('"blocked"}}\n', '''"blocked"}},
    "SecurityDevices": {
      "Add": {
        "IAS-ECC": "%s"
      }
    }
''' % MODULE)
COMPACT = '{"policies":{"DisableTelemetry":true}}\n'
COMPACT_ADDED = '{"policies":{"DisableTelemetry":true,"SecurityDevices":{"Add":{"IAS-ECC":"%s"}}}}\n' % MODULE


class Root:
    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="ias-policy-")  # removed with the object
        self.dir = self.tmp.name
        for d in ("etc", "usr/lib", "var/lib"):  # what every system has
            os.makedirs(self.path(d))

    def path(self, rel):
        return os.path.join(self.dir, rel)

    def write(self, rel, text, mode=0o644):
        os.makedirs(os.path.dirname(self.path(rel)), exist_ok=True)
        with open(self.path(rel), "wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode())
        os.chmod(self.path(rel), mode)

    def read(self, rel):
        with open(self.path(rel), "rb") as f:
            return f.read().decode()

    def run(self, action):
        return subprocess.run([HELPER, action, "--root", self.dir], capture_output=True, text=True, errors="replace",
                              timeout=60)

    def files(self):
        out = []
        for top, dirs, names in os.walk(self.dir):
            out += [os.path.relpath(os.path.join(top, n), self.dir) for n in dirs + names]
        return sorted(out)


def sha(root, rel):
    with open(root.path(rel), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class BrowserPolicy(unittest.TestCase):
    def ok(self, root, action):
        r = root.run(action)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        return r

    def test_fresh_system_gets_our_entry(self):
        root = Root()
        self.ok(root, "add")
        self.assertNotEqual(MODULE, THUNDERBIRD_MODULE)
        for rel, ours in ((FIREFOX, OURS), (THUNDERBIRD, OURS_THUNDERBIRD)):
            self.assertEqual(json.loads(root.read(rel)), ours)
            self.assertEqual(os.stat(root.path(rel)).st_mode & 0o7777, 0o644)
        self.assertFalse(os.path.exists(root.path("usr/lib/firefox-esr")))

    def test_admin_file_kept_byte_for_byte_apart_from_our_key(self):
        for before, after in ((ADMIN, ADMIN_ADDED), (PLAIN, PLAIN_ADDED), (COMPACT, COMPACT_ADDED)):
            root = Root()
            root.write(FIREFOX, before, 0o640)
            os.chown(root.path(FIREFOX), 1234, 5678)
            self.ok(root, "add")
            self.assertEqual(root.read(FIREFOX), after)
            expected = json.loads(before)
            devices = expected["policies"].setdefault("SecurityDevices", {})
            devices.setdefault("Add", {})["IAS-ECC"] = MODULE
            if "Delete" in devices:
                devices["Delete"] = [n for n in devices["Delete"] if n != "IAS-ECC"]
            self.assertEqual(json.loads(root.read(FIREFOX)), expected)
            st = os.stat(root.path(FIREFOX))
            self.assertEqual((st.st_mode & 0o7777, st.st_uid, st.st_gid), (0o640, 1234, 5678))
            self.assertEqual([n for n in os.listdir(os.path.dirname(root.path(FIREFOX)))], ["policies.json"])

    def test_bom_and_crlf_kept(self):
        root = Root()
        before = "\ufeff" + PLAIN.replace("\n", "\r\n")
        root.write(FIREFOX, before)
        self.ok(root, "add")
        self.assertEqual(root.read(FIREFOX), "\ufeff" + PLAIN_ADDED.replace("\n", "\r\n"))
        self.ok(root, "purge")
        self.assertEqual(root.read(FIREFOX), before)

    def test_duplicate_keys_the_last_one_counts(self):
        root = Root()  # JSON.parse (Firefox) keeps the last of two equal keys: so does the helper
        before = '{"policies": {"SecurityDevices": {"Add": {"X": "a"}}, "SecurityDevices": {"Add": {"Y": "b"}}}}'
        root.write(FIREFOX, before)
        self.ok(root, "add")
        self.assertEqual(root.read(FIREFOX), before.replace('"Y": "b"', '"Y": "b", "IAS-ECC": "%s"' % MODULE))

    def test_invalid_json_left_untouched_with_a_warning(self):
        for bad in ('{"policies": {"A": true,}}', '{"policies": {"SecurityDevices": "x"}}', "[]",
                    '{"policies": {"SecurityDevices": {"Delete": "IAS-ECC"}}}', b'{"a": "\xff"}'):
            root = Root()
            root.write(FIREFOX, bad)
            digest = sha(root, FIREFOX)
            r = self.ok(root, "add")
            self.assertIn("warning", r.stderr)
            self.assertIn("left untouched", r.stderr)
            self.assertEqual(sha(root, FIREFOX), digest)
            self.assertEqual(json.loads(root.read(THUNDERBIRD)), OURS_THUNDERBIRD)  # the other application still served
            for action in ("remove", "purge"):
                self.ok(root, action)
                self.assertEqual(sha(root, FIREFOX), digest)

    def test_distribution_only_is_merged_there(self):
        root = Root()
        root.write(FIREFOX_DIST, PLAIN)
        self.ok(root, "add")
        self.assertEqual(root.read(FIREFOX_DIST), PLAIN_ADDED)
        self.assertFalse(os.path.exists(root.path("etc/firefox")))
        self.ok(root, "purge")
        self.assertEqual(root.read(FIREFOX_DIST), PLAIN)

    def test_etc_file_wins_over_distribution(self):
        root = Root()
        root.write(FIREFOX_DIST, PLAIN)
        root.write(FIREFOX, COMPACT)
        self.ok(root, "add")
        self.assertEqual(root.read(FIREFOX), COMPACT_ADDED)
        self.assertEqual(root.read(FIREFOX_DIST), PLAIN)

    def test_second_add_changes_nothing(self):
        root = Root()
        root.write(FIREFOX, ADMIN)
        self.ok(root, "add")
        first = {rel: (sha(root, rel), os.stat(root.path(rel)).st_mtime_ns) for rel in (FIREFOX, THUNDERBIRD)}
        r = self.ok(root, "add")
        self.assertEqual({rel: (sha(root, rel), os.stat(root.path(rel)).st_mtime_ns)
                          for rel in (FIREFOX, THUNDERBIRD)}, first)
        self.assertIn("unchanged", r.stdout)

    def test_remove_turns_add_into_delete_and_purge_restores_the_admin_bytes(self):
        for before in (ADMIN, PLAIN, COMPACT):
            root = Root()
            root.write(FIREFOX, before)
            self.ok(root, "add")
            self.ok(root, "remove")
            doc = json.loads(root.read(FIREFOX))
            devices = doc["policies"]["SecurityDevices"]
            self.assertNotIn("IAS-ECC", devices.get("Add", {}))
            self.assertIn("IAS-ECC", devices["Delete"])
            self.assertEqual(devices["Delete"].count("IAS-ECC"), 1)
            if before is ADMIN:
                self.assertEqual(root.read(FIREFOX), ADMIN_REMOVED)
                self.assertEqual(devices["Add"], {"Other PKCS11": "/opt/other/libother.so"})
            self.ok(root, "remove")  # idempotent too
            self.assertEqual(json.loads(root.read(FIREFOX)), doc)
            self.ok(root, "purge")
            purged = json.loads(root.read(FIREFOX))
            self.assertNotIn("IAS-ECC", json.dumps(purged))
            if before is ADMIN:  # the administrator's own Delete entry named us: purge takes it out too
                self.assertEqual(root.read(FIREFOX), ADMIN_ADDED.replace(',\n\t\t\t\t"IAS-ECC": "%s"' % MODULE, ""))
            else:
                self.assertEqual(root.read(FIREFOX), before)

    def test_reinstall_after_remove_adds_again(self):
        root = Root()
        self.ok(root, "add")
        self.ok(root, "remove")
        self.assertEqual(json.loads(root.read(FIREFOX)), {"policies": {"SecurityDevices": {"Delete": ["IAS-ECC"]}}})
        self.ok(root, "add")
        self.assertEqual(json.loads(root.read(FIREFOX)), OURS)

    def test_purge_deletes_what_it_created(self):
        for removed_first in (False, True):
            root = Root()
            self.ok(root, "add")
            if removed_first:
                self.ok(root, "remove")
            self.ok(root, "purge")
            self.assertEqual(root.files(), ["etc", "usr", "usr/lib", "var", "var/lib"])

    def test_purge_keeps_a_created_file_the_admin_added_to(self):
        root = Root()
        self.ok(root, "add")
        doc = json.loads(root.read(FIREFOX))
        doc["policies"]["DisableTelemetry"] = True
        root.write(FIREFOX, json.dumps(doc, indent=2))
        self.ok(root, "purge")
        self.assertEqual(json.loads(root.read(FIREFOX)), {"policies": {"DisableTelemetry": True}})
        self.assertFalse(os.path.exists(root.path(THUNDERBIRD)))

    def test_delete_list_with_other_names_kept(self):
        root = Root()
        root.write(FIREFOX, '{"policies": {"SecurityDevices": {"Delete": ["A", "IAS-ECC", "B"]}}}')
        self.ok(root, "add")
        self.assertEqual(root.read(FIREFOX),
                         '{"policies": {"SecurityDevices": {"Delete": ["A", "B"], "Add": {"IAS-ECC": "%s"}}}}' % MODULE)
        self.ok(root, "remove")
        self.assertEqual(root.read(FIREFOX),
                         '{"policies": {"SecurityDevices": {"Delete": ["A", "B", "IAS-ECC"]}}}')
        self.ok(root, "purge")
        self.assertEqual(json.loads(root.read(FIREFOX)), {"policies": {"SecurityDevices": {"Delete": ["A", "B"]}}})

    def test_usage_errors(self):
        for args in ([], ["frobnicate"], ["add", "--bogus"]):
            self.assertEqual(subprocess.run([HELPER] + args, capture_output=True).returncode, 2)


if __name__ == "__main__":
    unittest.main(argv=[sys.argv[0], "-v"])
