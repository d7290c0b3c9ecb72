#!/usr/bin/python3
"""Desktop and Debian citizenship checks of the source tree (docs/packaging.md, "What is installed where").

    desktop_check.py SOURCE metainfo      appstreamcli validate --no-net, French name/summary, releases = changelog
    desktop_check.py SOURCE entries       desktop-file-validate on every .desktop, Icon= names our icon
    desktop_check.py SOURCE icons         the SVGs render at 16/48/256 px; the symbolic one has one colour
    desktop_check.py SOURCE manpages      every page of the tree: groff -ww and man --warnings silent, lexgrog
                                          reads NAME, .TH has the date and version of the changelog
    desktop_check.py SOURCE options PROGRAM PAGE
                                          every long option PROGRAM --help prints is in the manual page PAGE
    desktop_check.py SOURCE lintian       lintian's manual page checks on the pages, packed (gzip -n) in a
                                          throwaway package: no tag about a page but spare-manual-page
    desktop_check.py SOURCE installed BUILD
                                          cmake --install BUILD into a temporary prefix: every program of
                                          bin/, sbin/ and libexec/ has its manual page in share/man

Prints one line per finding and exits 1 when there is any.
"""
import datetime
import email.utils
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ICON = "org.iasecc.Middleware"
problems = []


def problem(text):
    problems.append(text)
    print("FAIL: " + text)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def changelog_release(source):
    """(version without the Debian revision, ISO date) of packaging/deb/debian/changelog's first entry."""
    with open(os.path.join(source, "packaging/deb/debian/changelog"), encoding="utf-8") as f:
        text = f.read()
    version = re.match(r"\S+ \(([^)-]+)(-[^)]*)?\)", text).group(1)
    trailer = re.search(r"^ -- .*>  (.+)$", text, re.M).group(1)
    date = email.utils.parsedate_to_datetime(trailer).astimezone(datetime.timezone.utc).date().isoformat()
    return version, date


def source_files(source, suffix):
    found = []
    for root, dirs, files in os.walk(source):
        # Build trees, the VCS and worktrees of others are not sources.
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "build")))
        found += [os.path.join(root, f) for f in sorted(files) if f.endswith(suffix)]
    return found


def manual_pages(source):
    """Every roff manual page of the tree (docs/man/ and those kept beside their program)."""
    pages = []
    for path in source_files(source, ""):
        if re.search(r"\.[1-8]$", path):
            with open(path, encoding="utf-8", errors="replace") as f:
                if re.search(r"^\.TH ", f.read(), re.M):
                    pages.append(path)
    return pages


def check_metainfo(source):
    version, date = changelog_release(source)
    paths = source_files(os.path.join(source, "data/metainfo"), ".metainfo.xml")
    if not paths:
        problem("no metainfo in data/metainfo")
    for path in paths:
        before = len(problems)
        name = os.path.relpath(path, source)
        # Everything counts, down to pedantic notes, but one: the ids are the windows' GTK application ids,
        # CamelCase as D-Bus names are (docs/packaging.md, "What is installed where").
        r = run(["appstreamcli", "validate", "--no-net", "--pedantic", "--no-color", path])
        issues = [l.strip() for l in r.stdout.splitlines()
                  if re.match(r"\s*[EWIP]: ", l) and "cid-contains-uppercase-letter" not in l]
        if r.returncode != 0 or issues:
            problem(f"{name}: appstreamcli validate: {'; '.join(issues) or r.stdout + r.stderr}")
        root = ET.parse(path).getroot()
        cid = root.findtext("id")
        if os.path.basename(path) != cid + ".metainfo.xml":
            problem(f"{name}: the file is not named after the component id {cid}")
        for tag in ("name", "summary"):
            if not [e for e in root.findall(tag) if e.get(XML_LANG) == "fr" and (e.text or "").strip()]:
                problem(f"{name}: no French <{tag}>")
        if root.find("content_rating") is None:
            problem(f"{name}: no content_rating")
        icon = root.findtext("icon")
        if icon != ICON:
            problem(f"{name}: icon {icon!r}, expected our {ICON}")
        releases = [(r.get("version"), r.get("date")) for r in root.findall("releases/release")]
        if not releases or releases[0] != (version, date):
            problem(f"{name}: newest release {releases[:1]}, packaging/deb/debian/changelog says {(version, date)}")
        # A window's menu entry must exist once its program is in the tree (ias-diag-gtk may not be yet).
        for launchable in root.findall("launchable"):
            binary = root.findtext("provides/binary")
            if not os.path.isdir(os.path.join(source, "tools", binary or "")):
                print(f"note: {name}: tools/{binary} not in this tree, its desktop file is not looked for")
                continue
            if not [d for d in source_files(source, ".desktop") if os.path.basename(d) == launchable.text]:
                problem(f"{name}: launchable {launchable.text} is no .desktop file of the tree")
        if len(problems) == before:
            print(f"ok: {name} ({cid}, release {releases[:1]})")


def check_entries(source):
    paths = source_files(source, ".desktop")
    if not paths:
        problem("no .desktop file in the tree")
    for path in paths:
        before = len(problems)
        name = os.path.relpath(path, source)
        r = run(["desktop-file-validate", path])
        # Hints are advice about optional categories; errors and warnings fail.
        bad = [l for l in (r.stdout + r.stderr).splitlines() if "error:" in l or "warning:" in l]
        if r.returncode != 0 or bad:
            problem(f"{name}: desktop-file-validate: {'; '.join(bad) or r.stdout + r.stderr}")
        with open(path, encoding="utf-8") as f:
            icons = re.findall(r"^Icon=(.*)$", f.read(), re.M)
        if icons != [ICON]:
            problem(f"{name}: Icon={icons}, expected our {ICON}")
        if len(problems) == before:
            print(f"ok: {name}")


def check_icons(source):
    base = os.path.join(source, "data/icons/hicolor")
    colour = os.path.join(base, f"scalable/apps/{ICON}.svg")
    symbolic = os.path.join(base, f"symbolic/apps/{ICON}-symbolic.svg")
    with tempfile.TemporaryDirectory() as tmp:
        for svg in (colour, symbolic):
            ET.parse(svg)  # well-formed XML
            for size in (16, 48, 256):
                png = os.path.join(tmp, f"{size}.png")
                r = run(["rsvg-convert", "-w", str(size), "-h", str(size), svg, "-o", png])
                ident = run(["identify", "-format", "%w %h %[opaque]", png]) if r.returncode == 0 else r
                if r.returncode != 0 or ident.stdout.split()[:2] != [str(size), str(size)]:
                    problem(f"{os.path.relpath(svg, source)} at {size} px: {r.stderr.strip()} {ident.stdout}")
            print(f"ok: {os.path.relpath(svg, source)} renders at 16, 48, 256 px")
    with open(symbolic, encoding="utf-8") as f:
        text = f.read()
    # Colours that are painted (the mask's black and white only shape, they are not seen).
    painted = set(re.findall(r'fill="(#[0-9a-fA-F]{3,6})"', re.sub(r"<mask.*?</mask>", "", text, flags=re.S)))
    painted |= set(re.findall(r'stroke="(#[0-9a-fA-F]{3,6})"', text))
    if len(painted) != 1:
        problem(f"symbolic icon paints {sorted(painted)}: a symbolic icon has one colour (GTK recolours it)")
    else:
        print(f"ok: symbolic icon in one colour {painted.pop()}")


def check_manpages(source):
    version, date = changelog_release(source)
    pages = manual_pages(source)
    if not pages:
        problem("no manual page in the tree")
    env = dict(os.environ, LC_ALL="C.UTF-8", MANWIDTH="80")
    for page in pages:
        before = len(problems)
        name = os.path.relpath(page, source)
        r = run(["groff", "-man", "-ww", "-z", page], env=env)
        if r.returncode != 0 or r.stdout or r.stderr:
            problem(f"{name}: groff -man -ww: {r.stdout}{r.stderr}")
        # What lintian runs for its manpage-has-errors-from-man check.
        r = run(["man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", page], env=env)
        if r.returncode != 0 or r.stderr:
            problem(f"{name}: man --warnings: {r.stderr}")
        # lintian's manpage-has-bad-whatis-entry: lexgrog must read "name - description" from NAME.
        r = run(["lexgrog", page], env=env)
        program, section = os.path.basename(page).rsplit(".", 1)
        if r.returncode != 0 or f'"{program} - ' not in r.stdout:
            problem(f"{name}: lexgrog does not read the NAME line: {r.stdout}{r.stderr}")
        with open(page, encoding="utf-8") as f:
            th = re.search(r"^\.TH (\S+) (\S+) (\S+) \"([^\"]*)\"", f.read(), re.M)
        expected = (program.upper(), section, date, f"ias-ecc {version}")
        if not th or th.groups() != expected:
            problem(f"{name}: .TH {th.groups() if th else None}, expected {expected} (packaging/deb/debian/changelog)")
        if len(problems) == before:
            print(f"ok: {name}")


def check_lintian(source):
    pages = manual_pages(source)
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "pkg")
        os.makedirs(os.path.join(root, "DEBIAN"))
        with open(os.path.join(root, "DEBIAN/control"), "w", encoding="utf-8") as f:
            f.write("Package: ias-ecc-manual-pages\nVersion: 0.1.0-1\nArchitecture: all\n"
                    "Maintainer: Test <test@example.org>\nDescription: manual pages under test\n the pages only\n")
        for page in pages:
            section = page.rsplit(".", 1)[1]
            directory = os.path.join(root, f"usr/share/man/man{section}")
            os.makedirs(directory, exist_ok=True)
            with open(page, "rb") as f, open(os.path.join(directory, os.path.basename(page) + ".gz"), "wb") as out:
                out.write(subprocess.run(["gzip", "-n", "-9"], input=f.read(), capture_output=True).stdout)
        deb = os.path.join(tmp, "pages.deb")
        r = run(["dpkg-deb", "--root-owner-group", "-b", root, deb])
        if r.returncode != 0:
            problem(f"dpkg-deb: {r.stderr}")
            return
        # Every tag, down to pedantic; the throwaway package's own (no changelog, no copyright...) are not ours.
        r = run(["lintian", "--tag-display-limit", "0", "-I", "-E", "--pedantic", deb])
        tags = [l for l in r.stdout.splitlines() if re.match(r"[EWIPX]: ", l)]
        about_pages = [l for l in tags if "usr/share/man/" in l and "spare-manual-page" not in l]
        for line in about_pages:
            problem("lintian: " + line)
        if not [l for l in tags if "spare-manual-page" in l]:
            problem(f"lintian did not look at the pages: {r.stdout}{r.stderr}")
        if not about_pages:
            print(f"ok: lintian on {len(pages)} pages, {len(tags)} tags, none about a page but spare-manual-page")


def check_options(program, page):
    r = run([program, "--help"], env=dict(os.environ, LC_ALL="C.UTF-8"))
    if r.returncode != 0:
        problem(f"{program} --help exited {r.returncode}: {r.stderr}")
    options = sorted(set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", r.stdout)))
    if not options:
        problem(f"{program} --help prints no long option")
    # The page's text without comments, font changes and escaped hyphens (rendering would hyphenate and wrap).
    with open(page, encoding="utf-8") as f:
        text = "\n".join(l for l in f.read().splitlines() if not l.startswith('.\\"'))
    text = re.sub(r"\\f[BIRP]", "", text).replace("\\-", "-")
    documented = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", text))
    missing = [o for o in options if o not in documented]
    for option in missing:
        problem(f"{os.path.basename(program)} --help prints {option}, {os.path.basename(page)} does not have it")
    if options and not missing:
        print(f"ok: {len(options)} options of {os.path.basename(program)} --help checked in {os.path.basename(page)}")


def check_installed(build):
    with tempfile.TemporaryDirectory() as prefix:
        r = run(["cmake", "--install", build, "--prefix", prefix])
        if r.returncode != 0:
            problem(f"cmake --install: {r.stdout}{r.stderr}")
            return
        pages = set()
        for root, _, files in os.walk(os.path.join(prefix, "share/man")):
            pages |= {re.sub(r"\.[1-8]\w*(\.gz)?$", "", f) for f in files}
        programs = []
        for d in ("bin", "sbin", "libexec"):
            for root, _, files in os.walk(os.path.join(prefix, d)):
                programs += [f for f in files if os.access(os.path.join(root, f), os.X_OK)]
        if not programs:
            problem("cmake --install installed no program")
        for program in sorted(programs):
            if program not in pages:
                problem(f"{program} is installed without a manual page")
        print(f"ok: programs {sorted(programs)}, pages {sorted(pages)}")


def main():
    source, what = sys.argv[1], sys.argv[2]
    if what == "metainfo":
        check_metainfo(source)
    elif what == "entries":
        check_entries(source)
    elif what == "icons":
        check_icons(source)
    elif what == "manpages":
        check_manpages(source)
    elif what == "lintian":
        check_lintian(source)
    elif what == "installed":
        check_installed(sys.argv[3])
    elif what == "options":
        check_options(sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown check {what}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
