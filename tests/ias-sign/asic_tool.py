#!/usr/bin/python3
"""ASiC-S containers read and damaged with Python's own zipfile: the independent witness of ias-sign --asic.

  asic_tool.py check CONTAINER DIR    the layout of EN 319 162-1's simple container, from the file's own bytes:
                                      'mimetype' first, stored, no extra field (its name at offset 30, the
                                      media type at 38), one data object at the root, META-INF/signature.p7s;
                                      the document and the signature extracted into DIR; prints the
                                      document's name
  asic_tool.py damage MODE IN OUT     a container damaged one way: other-document (the data object's bytes
                                      changed), two-documents, compressed-mimetype, wrong-mimetype,
                                      no-signature, mimetype-last
"""
import os
import sys
import zipfile

MEDIA_TYPE = b"application/vnd.etsi.asic-s+zip"
SIGNATURE = "META-INF/signature.p7s"


def check(container, out_dir):
    raw = open(container, "rb").read()
    problems = []
    if raw[0:4] != b"PK\x03\x04":
        problems.append("no local file header at offset 0")
    if raw[30:38] != b"mimetype":
        problems.append("'mimetype' is not the first entry's name at offset 30: %r" % raw[30:38])
    if raw[38:38 + len(MEDIA_TYPE)] != MEDIA_TYPE:
        problems.append("the media type is not at offset 38: %r" % raw[38:38 + len(MEDIA_TYPE)])
    with zipfile.ZipFile(container) as zf:
        entries = zf.infolist()
        first = entries[0]
        if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED:
            problems.append("first entry %s, method %d" % (first.filename, first.compress_type))
        if int.from_bytes(raw[28:30], "little") != 0:
            problems.append("mimetype's local header has an extra field")
        data = [e for e in entries if e.filename != "mimetype" and not e.filename.startswith("META-INF/")]
        if len(data) != 1 or "/" in data[0].filename:
            problems.append("data objects at the root: %s" % [e.filename for e in data])
        names = [e.filename for e in entries]
        if SIGNATURE not in names:
            problems.append("no " + SIGNATURE)
        if zf.testzip() is not None:
            problems.append("CRC error in " + zf.testzip())
        if problems:
            print("\n".join("asic_tool: " + p for p in problems), file=sys.stderr)
            return 1
        os.makedirs(os.path.join(out_dir, "META-INF"), exist_ok=True)
        with open(os.path.join(out_dir, data[0].filename), "wb") as f:
            f.write(zf.read(data[0]))
        with open(os.path.join(out_dir, SIGNATURE), "wb") as f:
            f.write(zf.read(SIGNATURE))
        print(data[0].filename)
    return 0


def damage(mode, source, target):
    with zipfile.ZipFile(source) as zf:
        entries = [(e, zf.read(e)) for e in zf.infolist()]
    if mode == "mimetype-last":
        entries = entries[1:] + entries[:1]
    with zipfile.ZipFile(target, "w") as out:
        for info, data in entries:
            method = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            if info.filename == "mimetype" and mode == "compressed-mimetype":
                method = zipfile.ZIP_DEFLATED
            if info.filename == "mimetype" and mode == "wrong-mimetype":
                data = b"application/vnd.etsi.asic-e+zip"
            if info.filename == SIGNATURE and mode == "no-signature":
                continue
            is_document = info.filename != "mimetype" and not info.filename.startswith("META-INF/")
            if is_document and mode == "other-document":
                data = data.replace(b"approves", b"rejects!")
            out.writestr(zipfile.ZipInfo(info.filename, info.date_time), data, compress_type=method)
            if is_document and mode == "two-documents":
                out.writestr("annex.txt", b"an annex nobody signed\n", compress_type=zipfile.ZIP_DEFLATED)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    if len(sys.argv) == 5 and sys.argv[1] == "damage":
        sys.exit(damage(sys.argv[2], sys.argv[3], sys.argv[4]))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
