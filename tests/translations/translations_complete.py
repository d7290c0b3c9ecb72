#!/usr/bin/python3
"""Every user-visible string of every program has a French translation (docs/pin-ui.md, "Translations").

For each po/ directory of the tree (a program's catalogue): xgettext extracts the marked strings from that
program's sources (po/POTFILES when present, else every C/C++ source under po/'s parent directory), with the
program's keywords (po/XGETTEXT_OPTIONS when present, else DEFAULT_KEYWORDS); each msgid must have a
non-empty, non-fuzzy msgstr (every plural form) in po/fr.po, and the program's CMakeLists.txt must compile
it (msgfmt --check). Then every source file of the tree that marks a
string (a call of a marking keyword with a literal) must belong to some catalogue. Prints each problem and
exits 1 when there is one.

usage: translations_complete.py REPO_ROOT [WORK_DIR]
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile

# The marking functions the programs use: gettext's own, `_` and `N_` (pin-ui), `tr`/`format` (the PIN
# windows' helpers). A program with other keywords names them in po/XGETTEXT_OPTIONS.
DEFAULT_KEYWORDS = ["_", "N_", "tr", "gettext", "dgettext:2", "dcgettext:2", "ngettext:1,2", "dngettext:2,3",
                    "pgettext:1c,2", "format:1"]
SOURCE_SUFFIXES = (".cpp", ".cc", ".c", ".h", ".hpp")
SKIPPED_DIRS = {".git", "tests", "build", "node_modules"}
# A call of a marking keyword with a string literal: what "a source file with marked strings" means below.
MARK = re.compile(r'(?<![\w.>:])(_|N_|tr|trf|trn|trnf|gettext|dgettext|dcgettext|ngettext|dngettext|pgettext)'
                  r'\s*\(\s*(?:[A-Za-z_][\w:]*\s*,\s*)?"')


def sources_under(top):
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("build"))
        for f in sorted(files):
            if f.endswith(SOURCE_SUFFIXES):
                yield os.path.join(root, f)


def catalogues(repo):
    for root, dirs, files in os.walk(repo):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.startswith("build"))
        if os.path.basename(root) == "po":
            yield root


def program_sources(po_dir):
    listing = os.path.join(po_dir, "POTFILES")
    program = os.path.dirname(po_dir)
    if not os.path.exists(listing):
        return list(sources_under(program))
    out = []
    for line in open(listing, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(os.path.normpath(os.path.join(program, line)))
    return out


def keyword_options(po_dir):
    options_file = os.path.join(po_dir, "XGETTEXT_OPTIONS")
    if os.path.exists(options_file):
        return shlex.split(open(options_file, encoding="utf-8").read())
    return ["--keyword=" + k for k in DEFAULT_KEYWORDS]


def po_entries(text):
    """(msgid, [msgstr forms], fuzzy) of each entry of a PO file written by msgattrib --no-wrap."""
    for block in text.strip().split("\n\n"):
        lines = [l for l in block.split("\n") if not l.startswith("#~")]
        fuzzy = any(l.startswith("#,") and "fuzzy" in l for l in lines)
        msgid, forms, current = None, [], None
        for l in lines:
            m = re.match(r'(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt) (".*")$', l)
            if m:
                current = m.group(1)
                value = eval(m.group(2))  # a C string literal of the PO syntax; ours are plain
                if current == "msgid":
                    msgid = value
                elif current.startswith("msgstr"):
                    forms.append(value)
            elif l.startswith('"') and current:
                value = eval(l)
                if current == "msgid":
                    msgid += value
                elif current.startswith("msgstr"):
                    forms[-1] += value
        if msgid is not None:
            yield msgid, forms, fuzzy


def check_catalogue(repo, po_dir, work):
    problems = []
    rel = os.path.relpath(po_dir, repo)
    french = os.path.join(po_dir, "fr.po")
    if not os.path.exists(french):
        return [f"{rel}: no fr.po"], []
    build = os.path.join(os.path.dirname(po_dir), "CMakeLists.txt")
    build_text = open(build, encoding="utf-8").read() if os.path.exists(build) else ""
    if "--check" not in build_text or "po/" not in build_text:
        problems.append(f"{os.path.relpath(build, repo)} does not compile {rel}/fr.po with msgfmt --check")
    sources = program_sources(po_dir)
    missing = [s for s in sources if not os.path.exists(s)]
    problems += [f"{rel}/POTFILES names {os.path.relpath(s, repo)}, which does not exist" for s in missing]
    sources = [s for s in sources if s not in missing]
    pot = os.path.join(work, rel.replace("/", "_") + ".pot")
    subprocess.run(["xgettext", "--from-code=UTF-8", "-C", "--force-po", "-o", pot] + keyword_options(po_dir)
                   + sources, check=True)
    merged = os.path.join(work, rel.replace("/", "_") + ".merged.po")
    # No fuzzy matching: a new or changed string must show up as untranslated, not as a guess.
    subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, french, pot], check=True)
    text = subprocess.run(["msgattrib", "--no-wrap", "--no-obsolete", merged], capture_output=True,
                          text=True, check=True).stdout
    count = 0
    for msgid, forms, fuzzy in po_entries(text):
        if msgid == "":
            continue
        count += 1
        if fuzzy or not forms or any(f == "" for f in forms):
            problems.append(f"{rel}/fr.po: no French for \"{msgid}\"" + (" (fuzzy)" if fuzzy else ""))
    print(f"{rel}: {count} strings from {len(sources)} files")
    return problems, sources


def main():
    repo = os.path.abspath(sys.argv[1])
    work = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="translations.")
    os.makedirs(work, exist_ok=True)
    problems, covered = [], set()
    found = list(catalogues(repo))
    if not found:
        problems.append("no po/ directory found")
    for po_dir in found:
        p, sources = check_catalogue(repo, po_dir, work)
        problems += p
        covered.update(os.path.realpath(s) for s in sources)
    for source in sources_under(repo):
        if os.path.realpath(source) in covered:
            continue
        text = open(source, encoding="utf-8", errors="replace").read()
        if MARK.search(text):
            problems.append(f"{os.path.relpath(source, repo)} marks strings for translation but no catalogue "
                            "(po/) covers it")
    for p in problems:
        print("FAIL:", p)
    print(f"{len(found)} catalogues, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
